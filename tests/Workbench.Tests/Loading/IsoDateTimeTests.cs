using Workbench.Loading;

namespace Workbench.Tests.Loading;

public sealed class IsoDateTimeTests
{
    [Theory]
    [InlineData("2024-03-01 10:00:00", "2024-03-01T10:00:00")]
    [InlineData("2024-03-01T10:00", "2024-03-01T10:00:00")]
    [InlineData("2024-03-01T10:00:00Z", "2024-03-01T10:00:00")]
    [InlineData("2024-03-01T10:00Z", "2024-03-01T10:00:00")]
    [InlineData("2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00")]
    [InlineData("2024-03-01T10:00:00.25-0530", "2024-03-01T15:30:00.25")]
    [InlineData("2024-03-01T23:30:00-01", "2024-03-02T00:30:00")]
    public void TryParseTimestamp_IsoWithZOrAnOffset_IsTheUtcTime(string text, string utc)
    {
        Assert.True(IsoDateTime.TryParseTimestamp(text, out var value));
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("2024-03-01T10:00:00+25:00")]
    [InlineData("2024-03-01T10:00:00+2")]
    [InlineData("2024-03-01T10:00:00Q")]
    [InlineData("2024-03-01T10:00:00+02:60")]
    [InlineData("2024-13-01T10:00:00Z")]
    public void TryParseTimestamp_ABadZone_IsNotATimestamp(string text) =>
        Assert.False(IsoDateTime.TryParseTimestamp(text, out _));
}

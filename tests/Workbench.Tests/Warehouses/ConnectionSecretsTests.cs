using Workbench.Text;
using Workbench.Warehouse;

namespace Workbench.Tests.Warehouses;

public sealed class ConnectionSecretsTests
{
    [Theory]
    [InlineData("Host=db;Password=hunter2;Username=me")]
    [InlineData("Host=db;PSW=hunter2")]
    [InlineData("Host=db;pwd = hunter2")]
    [InlineData("Host=db;Password='hunter2'")]
    [InlineData("Host=db;SSL Password=hunter2")]
    [InlineData("cannot parse this Password=hunter2 but still")]
    public void MaskIn_EverySpellingTheDriverAccepts_HidesThePassword(string text)
    {
        Assert.DoesNotContain("hunter2", ConnectionSecrets.MaskIn(text), StringComparison.Ordinal);
        Assert.Contains(ConnectionSecrets.Find(text), s => s.Contains("hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", WarehouseOptions.ForPostgres(text).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretMasker_HidesEveryKnownSecretWhereverItAppears()
    {
        var masker = new SecretMasker(["hunter2", "ab"]);

        Assert.Equal("password *** and *** again; ab is too short to mask", masker.Apply("password hunter2 and hunter2 again; ab is too short to mask"));
    }
}

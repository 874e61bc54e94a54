using System.Globalization;
using System.Security.Cryptography;

namespace Workbench.History;

/// <summary>
/// Ids for runs, builds and publications: the UTC time to the second and four random hex digits
/// (<c>20261201T154501-3fa2</c>), so they sort by time, need no coordination between processes, and read well in a list.
/// </summary>
public static class RunIds
{
    public static string New(DateTime? at = null) =>
        (at ?? DateTime.UtcNow).ToUniversalTime().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    /// <summary>The id as part of an unquoted identifier (lower case, no dash): the name of a build's schema.</summary>
    public static string AsIdentifier(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.ToLowerInvariant().Replace('-', '_');
    }
}

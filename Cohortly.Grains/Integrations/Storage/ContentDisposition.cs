using System.Text;

namespace Cohortly.Integrations.Storage;

public static class ContentDisposition
{
    /// <summary>
    /// <c>attachment</c> with the name twice (RFC 6266): an ASCII fallback for old clients and the exact
    /// UTF-8 name in <c>filename*</c>. Quotes, backslashes and control characters never reach the header.
    /// </summary>
    public static string Attachment(string fileName)
    {
        var fallback = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            fallback.Append(c is >= ' ' and <= '~' and not '"' and not '\\' and not ';' ? c : '_');
        }
        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}

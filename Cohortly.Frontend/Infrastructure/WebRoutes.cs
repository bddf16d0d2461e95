using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// The web app's page paths, read from the <c>route-table.json</c> its build writes from routes.tsx, so a page path the
/// app does not know answers HTTP 404 (with the app, which shows its not-found page) instead of 200.
/// </summary>
public sealed class WebRoutes
{
    public const string FileName = "route-table.json";

    private readonly string[][] _patterns;

    public WebRoutes(IFileProvider webRoot)
    {
        var file = webRoot.GetFileInfo(FileName);
        if (!file.Exists)
        {
            // A build without the web app (SkipClientApp) has no pages to tell apart: every page path is the shell's.
            _patterns = [];
            KnowsTable = false;
            return;
        }
        using var stream = file.CreateReadStream();
        var table = JsonSerializer.Deserialize<RouteTableFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{FileName} is empty.");
        _patterns = [.. table.Paths.Select(path => path.Split('/'))];
        KnowsTable = true;
    }

    public bool KnowsTable { get; }

    /// <summary>The same matching as the client's router: same segment count, <c>:name</c> matches any one segment.</summary>
    public bool IsPage(string path)
    {
        if (!KnowsTable)
        {
            return true;
        }
        var normalized = path.Length > 1 ? path.TrimEnd('/') : path;
        var parts = normalized.Split('/');
        return _patterns.Any(pattern => pattern.Length == parts.Length
            && pattern.Zip(parts).All(pair => pair.First.StartsWith(':') ? pair.Second.Length > 0 : pair.First == pair.Second));
    }

    private sealed record RouteTableFile(string[] Paths);
}

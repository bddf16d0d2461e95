using System.Globalization;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>What a failed journey saw: a full-page screenshot and the text of each page, the app's log, the browser console.</summary>
internal static class JourneyArtifacts
{
    /// <summary>Writes the files into <paramref name="folder"/> and returns their paths (or why one could not be written).</summary>
    public static async Task<IReadOnlyList<string>> SaveAsync(string folder, IReadOnlyList<IPage> pages, string appLog, IReadOnlyList<string> consoleErrors)
    {
        Directory.CreateDirectory(folder);
        var saved = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var stem = Path.Combine(folder, "page-" + (i + 1).ToString(CultureInfo.InvariantCulture));
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
                saved.Add(stem + ".png");
                var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText : ''");
                await File.WriteAllTextAsync(stem + ".txt", $"{page.Url}\n\n{text}");
                saved.Add(stem + ".txt");
            }
            catch (Exception unreadable) when (unreadable is PlaywrightException or TimeoutException)
            {
                // A closed or hung page must not hide the journey's own failure: say what is missing instead.
                saved.Add($"{stem}.* not saved: {unreadable.Message.Split('\n')[0]}");
            }
        }
        var log = Path.Combine(folder, "app.log");
        await File.WriteAllTextAsync(log, appLog.Length > 0 ? appLog : "(the app logged nothing at Information level or above)");
        saved.Add(log);
        var console = Path.Combine(folder, "browser-console.txt");
        await File.WriteAllLinesAsync(console, consoleErrors);
        saved.Add(console);
        return saved;
    }
}

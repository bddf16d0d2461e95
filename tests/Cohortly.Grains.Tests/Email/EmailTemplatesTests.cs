using AngleSharp.Html.Parser;
using Cohortly.Email;

namespace Cohortly.Grains.Tests.Email;

/// <summary>Templates are inlined once and rendered many times: every message must still carry its own values, styled.</summary>
public sealed class EmailTemplatesTests
{
    private static readonly EmailTemplates Templates = new();

    [Fact]
    public void EveryTemplateRendersWithItsStylesInlinedAndItsValuesInPlace()
    {
        foreach (var name in EmailTemplates.Names)
        {
            var html = Parse(Templates.Render(name, Model("Ann")).Html);
            Assert.Empty(html.QuerySelectorAll("style"));
            Assert.Empty(html.QuerySelectorAll("[class]"));
            Assert.Contains("background: #f4f5f7", html.Body!.GetAttribute("style") ?? "", StringComparison.Ordinal);
            Assert.Equal("cid:" + EmailTemplates.LogoContentId, html.QuerySelector("img")!.GetAttribute("src"));
            Assert.Contains("Hello Ann,", html.Body.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("cohortlyliquid", html.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.DoesNotContain("{{", html.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TwoWeeklyReportsFromOneInlinedTemplateEachShowTheirOwnLoopsConditionsAndEncodedNames()
    {
        var busy = Model("<b>Bea & \"Bo\"</b>");
        busy["upcoming"] = new List<object?> { Deadline("Parser"), Deadline("Linker"), Deadline("Loader") };
        var quiet = Model("Cy");
        quiet["progress"] = new Dictionary<string, object?> { ["completed"] = 0, ["total"] = 4, ["average"] = null };
        quiet["unsubscribe_url"] = null;

        var first = Parse(Templates.Render("weekly-report", busy).Html);
        var second = Parse(Templates.Render("weekly-report", quiet).Html);

        Assert.Equal(["Parser", "Linker", "Loader"], first.QuerySelectorAll("li").Select(li => li.TextContent.Split(" —")[0]));
        Assert.Contains("Hello <b>Bea & \"Bo\"</b>,", first.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(first.QuerySelectorAll("b"));
        Assert.Contains("87.5%", first.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe", first.Body.TextContent, StringComparison.Ordinal);
        Assert.All(first.QuerySelectorAll("td"), td => Assert.Contains("padding: 4px 12px 4px 0", td.GetAttribute("style"), StringComparison.Ordinal));

        Assert.Empty(second.QuerySelectorAll("li"));
        Assert.Contains("No deadlines in the coming week.", second.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("not graded yet", second.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Unsubscribe", second.Body.TextContent, StringComparison.Ordinal);
        var button = second.QuerySelectorAll("a").Single(a => a.TextContent == "Open the bootcamp");
        Assert.Equal("https://cohortly.test/bootcamps/b1", button.GetAttribute("href"));
        Assert.Contains("background: #1e40af", button.GetAttribute("style"), StringComparison.Ordinal);
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static Dictionary<string, object?> Deadline(string title) => new() { ["title"] = title, ["due_at"] = "Mon 7 Dec 2026, 17:00 UTC" };

    private static Dictionary<string, object?> Model(string displayName) => new()
    {
        ["platform_name"] = "Cohortly",
        ["public_url"] = "https://cohortly.test/",
        ["preferences_url"] = "https://cohortly.test/settings/email",
        ["unsubscribe_url"] = "https://cohortly.test/unsubscribe/x",
        ["user"] = new Dictionary<string, object?> { ["display_name"] = displayName, ["email"] = "ann@example.com" },
        ["catalog_url"] = "https://cohortly.test/bootcamps",
        ["bootcamp"] = new Dictionary<string, object?> { ["title"] = "Compilers" },
        ["bootcamp_url"] = "https://cohortly.test/bootcamps/b1",
        ["assignment"] = new Dictionary<string, object?> { ["title"] = "Parser", ["due_at"] = "Mon 7 Dec 2026, 17:00 UTC" },
        ["assignment_url"] = "https://cohortly.test/assignments/a1",
        ["reset_link"] = "https://cohortly.test/reset/r1",
        ["valid_minutes"] = 30,
        ["verify_url"] = "https://cohortly.test/verify/c1",
        ["week"] = "2026-W50",
        ["progress"] = new Dictionary<string, object?> { ["completed"] = 3, ["total"] = 4, ["average"] = "87.5" },
        ["upcoming"] = new List<object?>(),
    };
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;

namespace Cohortly.Email;

/// <summary>A rendered template: the three parts an email needs.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders the Liquid templates in Email/Templates (embedded in the assembly) with Fluid. HTML parts are
/// HTML-encoded by default, so a display name is text whatever it contains; text parts and subjects are not
/// encoded (they are not HTML). The layout's style sheet is inlined for mail clients that ignore &lt;style&gt;.
/// </summary>
/// <remarks>
/// The style sheet is inlined into each template once, when it is first used, not into each message: inlining parses
/// the whole document and matches every rule against it, which was most of a weekly report's rendering cost
/// (benchmarks/README.md, "Email"). That gives the same mail because values are HTML-encoded text: they add no element
/// a rule could match, so the elements the rules style are all in the template.
/// </remarks>
public sealed partial class EmailTemplates
{
    public const string LogoContentId = "logo@cohortly";

    private const string BodySlot = "{{ body | raw }}";

    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _inlinedHtml = new();
    private readonly TemplateOptions _options = new();

    public EmailTemplates()
    {
        Logo = Read("logo.png");
    }

    /// <summary>The inline logo every email carries (content id <see cref="LogoContentId"/>).</summary>
    public byte[] Logo { get; }

    /// <summary>Every template embedded (each has a subject part), found rather than listed, so none is left out of the checks.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. typeof(EmailTemplates).Assembly.GetManifestResourceNames()
        .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".subject.liquid", StringComparison.Ordinal))
        .Select(resource => resource[ResourcePrefix.Length..^".subject.liquid".Length])
        .Order(StringComparer.Ordinal)];

    private const string ResourcePrefix = "Cohortly.Email.Templates.";

    /// <param name="model">Values the template reads; nested values are dictionaries and lists of dictionaries.</param>
    public RenderedEmail Render(string name, IReadOnlyDictionary<string, object?> model)
    {
        var subject = RenderPart(_parsed.GetOrAdd($"{name}.subject.liquid", Parse), model, NullEncoder.Default).Trim();
        var layoutModel = new Dictionary<string, object?>(model) { ["subject"] = subject, ["logo_cid"] = LogoContentId };

        var html = RenderPart(_inlinedHtml.GetOrAdd(name, InlinedHtml), layoutModel, HtmlEncoder.Default);

        layoutModel["body"] = RenderPart(_parsed.GetOrAdd($"{name}.txt.liquid", Parse), model, NullEncoder.Default).Trim();
        var text = RenderPart(_parsed.GetOrAdd("_layout.txt.liquid", Parse), layoutModel, NullEncoder.Default);
        return new RenderedEmail(subject, html, text);
    }

    private string RenderPart(IFluidTemplate template, IReadOnlyDictionary<string, object?> model, TextEncoder encoder)
    {
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return template.Render(context, encoder);
    }

    /// <summary>
    /// The layout with the template's HTML body in its slot, its style sheet inlined, parsed. The Liquid markup is
    /// swapped for plain words while the CSS is inlined (the HTML parser would otherwise read it as text and may move
    /// it) and put back after; a template whose markup the parser moved anyway is refused here rather than mailed wrong.
    /// </summary>
    private static IFluidTemplate InlinedHtml(string name)
    {
        var layout = ReadText("_layout.html.liquid");
        var slot = layout.IndexOf(BodySlot, StringComparison.Ordinal);
        if (slot < 0)
        {
            throw new InvalidOperationException($"The email layout has no {BodySlot} for the body.");
        }
        var source = string.Concat(layout.AsSpan(0, slot), ReadText($"{name}.html.liquid"), layout.AsSpan(slot + BodySlot.Length));

        var markup = new List<string>();
        var masked = LiquidMarkup().Replace(source, match =>
        {
            markup.Add(match.Value);
            return Placeholder(markup.Count - 1);
        });
        var inlined = PreMailer.Net.PreMailer.MoveCssInline(masked, removeStyleElements: true, stripIdAndClassAttributes: true).Html;
        var found = PlaceholderPattern().Matches(inlined).Select(match => int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        if (!found.SequenceEqual(Enumerable.Range(0, markup.Count)))
        {
            throw new InvalidOperationException($"Email template {name}: inlining its CSS moved its Liquid markup; keep Liquid tags inside elements.");
        }
        var restored = PlaceholderPattern().Replace(inlined, match => markup[int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)]);
        return ParseSource($"{name}.html.liquid (inlined into the layout)", restored);
    }

    private static string Placeholder(int index) => $"cohortlyliquid{index.ToString(CultureInfo.InvariantCulture)}x";

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidMarkup();

    [GeneratedRegex(@"cohortlyliquid(\d+)x")]
    private static partial Regex PlaceholderPattern();

    private static IFluidTemplate Parse(string file) => ParseSource(file, ReadText(file));

    private static IFluidTemplate ParseSource(string description, string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {description} does not parse: {error}");

    private static string ReadText(string file) => System.Text.Encoding.UTF8.GetString(Read(file));

    private static byte[] Read(string file)
    {
        var assembly = typeof(EmailTemplates).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"Email template {file} is not embedded in {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

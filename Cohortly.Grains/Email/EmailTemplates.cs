using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;

namespace Cohortly.Email;

/// <summary>A rendered template: the three parts an email needs.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders the Liquid templates in Email/Templates (embedded in the assembly) with Fluid. HTML parts are
/// HTML-encoded by default, so a display name is text whatever it contains; text parts and subjects are not
/// encoded (they are not HTML). The layout's style sheet is then inlined for mail clients that ignore &lt;style&gt;.
/// </summary>
public sealed class EmailTemplates
{
    public const string LogoContentId = "logo@cohortly";

    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new();
    private readonly TemplateOptions _options = new();

    public EmailTemplates()
    {
        Logo = Read("logo.png");
    }

    /// <summary>The inline logo every email carries (content id <see cref="LogoContentId"/>).</summary>
    public byte[] Logo { get; }

    public static IReadOnlyList<string> Names { get; } =
        ["welcome", "enrollment-confirmed", "assignment-posted", "password-reset", "weekly-report", "certificate"];

    /// <param name="model">Values the template reads; nested values are dictionaries and lists of dictionaries.</param>
    public RenderedEmail Render(string name, IReadOnlyDictionary<string, object?> model)
    {
        var subject = RenderPart($"{name}.subject.liquid", model, NullEncoder.Default).Trim();
        var layoutModel = new Dictionary<string, object?>(model) { ["subject"] = subject, ["logo_cid"] = LogoContentId };

        layoutModel["body"] = RenderPart($"{name}.html.liquid", model, HtmlEncoder.Default);
        var html = RenderPart("_layout.html.liquid", layoutModel, HtmlEncoder.Default);
        var inlined = PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, stripIdAndClassAttributes: true).Html;

        layoutModel["body"] = RenderPart($"{name}.txt.liquid", model, NullEncoder.Default).Trim();
        var text = RenderPart("_layout.txt.liquid", layoutModel, NullEncoder.Default);
        return new RenderedEmail(subject, inlined, text);
    }

    private string RenderPart(string file, IReadOnlyDictionary<string, object?> model, TextEncoder encoder)
    {
        var template = _parsed.GetOrAdd(file, Parse);
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return template.Render(context, encoder);
    }

    private static IFluidTemplate Parse(string file)
    {
        var source = System.Text.Encoding.UTF8.GetString(Read(file));
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Email template {file} does not parse: {error}");
    }

    private static byte[] Read(string file)
    {
        var assembly = typeof(EmailTemplates).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Cohortly.Email.Templates.{file}")
            ?? throw new InvalidOperationException($"Email template {file} is not embedded in {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}

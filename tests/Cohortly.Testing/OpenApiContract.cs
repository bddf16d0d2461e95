using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Cohortly.Testing;

/// <summary>
/// A running app's own <c>/openapi/v1.json</c>, read once: finds the operation a request reached (method and path template)
/// and says what is wrong with a response to it — an undeclared status or media type, or a JSON body its schema refuses.
/// </summary>
public sealed class OpenApiContract
{
    private const string ComponentRefPrefix = "\"#/components/schemas/";

    private readonly List<PathTemplate> _paths;
    private readonly JsonObject _schemas;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new();

    private OpenApiContract(List<PathTemplate> paths, JsonObject schemas)
    {
        _paths = paths;
        _schemas = schemas;
    }

    public static OpenApiContract Parse(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        var paths = document["paths"]!.AsObject()
            .Select(path => new PathTemplate(path.Key, path.Value!.AsObject()))
            // The most literal template wins, as in routing: /api/me/bootcamps before /api/me/{anything}.
            .OrderByDescending(template => template.LiteralSegments)
            .ToList();
        return new OpenApiContract(paths, document["components"]?["schemas"]?.AsObject() ?? []);
    }

    /// <summary>The operation's <c>METHOD /template</c>, or null when the document has none for this request.</summary>
    public string? OperationFor(HttpMethod method, string path)
    {
        var template = Find(method, path);
        return template is null ? null : $"{method.Method.ToUpperInvariant()} {template.Template}";
    }

    /// <summary>What the document does not allow about this response; empty when it conforms. Null body: not JSON, not read.</summary>
    public IReadOnlyList<string> Check(HttpMethod method, string path, int status, string? mediaType, string? jsonBody)
    {
        var template = Find(method, path) ?? throw new InvalidOperationException($"No operation for {method} {path}.");
        var operation = template.Item[method.Method.ToLowerInvariant()]!.AsObject();
        var responses = operation["responses"]?.AsObject() ?? [];
        var statusKey = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (responses[statusKey] is not JsonObject response)
        {
            return [$"status {status} is not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})"];
        }
        if (response["content"] is not JsonObject content || content.Count == 0)
        {
            return string.IsNullOrEmpty(jsonBody) ? [] : [$"status {status} declares no body, but one came ({mediaType})"];
        }
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return [$"media type {mediaType ?? "(none)"} is not declared for {status} (declared: {string.Join(", ", content.Select(c => c.Key))})"];
        }
        if (jsonBody is null || media["schema"] is not JsonObject schema)
        {
            return [];
        }
        var compiled = _compiled.GetOrAdd($"{method} {template.Template} {status} {mediaType}", _ => Compile(schema));
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(jsonBody).RootElement;
        }
        catch (JsonException unreadable)
        {
            return [$"the body is not JSON: {unreadable.Message}"];
        }
        var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        return [.. (result.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))
            .Distinct()
            .DefaultIfEmpty("the body does not match its schema")];
    }

    /// <summary>The response schema as a JSON Schema 2020-12 document with the components as its <c>$defs</c>.</summary>
    private JsonSchema Compile(JsonObject schema)
    {
        var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$defs"] = _schemas.DeepClone() };
        foreach (var (keyword, value) in schema)
        {
            root[keyword] = value?.DeepClone();
        }
        return JsonSchema.FromText(root.ToJsonString().Replace(ComponentRefPrefix, "\"#/$defs/", StringComparison.Ordinal));
    }

    private PathTemplate? Find(HttpMethod method, string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return _paths.FirstOrDefault(template => template.Item.ContainsKey(method.Method.ToLowerInvariant()) && template.Pattern.IsMatch(trimmed));
    }

    private sealed class PathTemplate(string template, JsonObject item)
    {
        public string Template { get; } = template;

        public JsonObject Item { get; } = item;

        public Regex Pattern { get; } = new(
            "^" + string.Join("/", template.Split('/').Select(segment =>
                segment.StartsWith('{') && segment.EndsWith('}') ? "[^/]+" : Regex.Escape(segment))) + "$",
            RegexOptions.CultureInvariant);

        public int LiteralSegments { get; } = template.Split('/').Count(segment => !segment.StartsWith('{'));
    }
}

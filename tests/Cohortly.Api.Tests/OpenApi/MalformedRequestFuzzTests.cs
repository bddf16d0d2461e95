using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.OpenApi;

/// <summary>
/// Every operation the app publishes gets a small corpus of malformed requests, shaped by its own document: bad and
/// truncated JSON, wrong types, huge numbers and strings, unknown enum values, wrong content types, 10 KB path ids,
/// bodies that end early. API.md: no route answers 500 to anything a client can send; each answer is a problem
/// document; and nothing a refused request carried changes what the app holds. A sample per operation keeps it to a
/// few hundred requests rather than every combination. Its own process: the corpus is sent as the admin.
/// </summary>
public sealed class MalformedRequestFuzzTests : IAsyncLifetime
{
    private static readonly string HugeString = new('x', 200_000);
    private static readonly string TenKbId = new('a', 10_240);

    private readonly TempDirectory _data = new("cohortly-fuzz");
    private CohortlyApp _app = null!;
    private Tokens _admin = null!;
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>The document's component schemas, for resolving a property's <c>$ref</c>.</summary>
    private static JsonObject Schemas { get; set; } = [];

    public async Task InitializeAsync()
    {
        _app = await CohortlyApp.StartAsync(_data.Path, EmbeddedAppFixture.Environment);
        _admin = await _app.Http.RegisterAsync(ApiClient.UniqueEmail("fuzz-admin"), EmbeddedAppFixture.AdminPassword, "Fuzz Admin");
        using var bootcamp = await _app.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", _admin.AccessToken, ApiClient.BootcampBody());
        await bootcamp.ExpectAsync(HttpStatusCode.Created);
        _ids["bootcampId"] = JsonNode.Parse(await bootcamp.Content.ReadAsStringAsync())!["bootcampId"]!.GetValue<string>();
        // The admin teaches it too, so assignment and grading routes reach their bodies' checks.
        using (var roles = await _app.Http.SendAsync(HttpMethod.Put, $"/api/users/{_admin.UserId}/roles", _admin.AccessToken, new { roles = new[] { "admin", "instructor" } }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        using (var staff = await _app.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{_ids["bootcampId"]}/staff", _admin.AccessToken, new { userId = _admin.UserId, role = "instructor" }))
        {
            Assert.True(staff.IsSuccessStatusCode, await staff.Content.ReadAsStringAsync());
        }
        using var assignment = await _app.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{_ids["bootcampId"]}/assignments", _admin.AccessToken,
            BootcampClient.AssignmentBody());
        await assignment.ExpectAsync(HttpStatusCode.Created);
        _ids["assignmentId"] = JsonNode.Parse(await assignment.Content.ReadAsStringAsync())!["assignmentId"]!.GetValue<string>();
        _ids["userId"] = _ids["studentId"] = _admin.UserId;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task MalformedRequestsToEveryOperationAreProblemsNeverErrorsAndChangeNothing()
    {
        using var raw = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var document = JsonNode.Parse(await raw.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        Schemas = schemas;
        var before = await SnapshotAsync(raw);
        var findings = new List<string>();
        var sent = 0;
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject().Where(entry => entry.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                var operation = operationNode!.AsObject();
                foreach (var (what, request) in Corpus(template, method, operation, schemas))
                {
                    using (request)
                    {
                        sent++;
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin.AccessToken);
                        using var response = await raw.SendAsync(request);
                        if (await WrongAnswerAsync(response, operation) is { } wrong)
                        {
                            findings.Add($"{method.ToUpperInvariant()} {template} with {what}: {wrong}");
                        }
                    }
                }
                foreach (var (what, bytes) in TruncatedBodies(template, method, operation))
                {
                    sent++;
                    if (await SendTruncatedAsync(bytes) is { } wrong)
                    {
                        findings.Add($"{method.ToUpperInvariant()} {template} with {what}: {wrong}");
                    }
                }
            }
        }
        Assert.True(sent > 250, $"Only {sent} malformed requests were sent: did the document lose its operations?");
        Assert.True(findings.Count == 0, $"{findings.Count} of {sent} malformed requests were not answered with a 4xx problem:\n" + string.Join("\n", findings));
        Assert.Equal(before, await SnapshotAsync(raw));
    }

    /// <summary>Null when the answer is a 4xx problem document; otherwise what it was.</summary>
    private static async Task<string?> WrongAnswerAsync(HttpResponseMessage response, JsonObject operation)
    {
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // A page for people (the unsubscribe link) answers its refusals as a page, as its document says.
        if (status is >= 400 and < 500 && mediaType == "text/html" && operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?["text/html"] is not null)
        {
            return null;
        }
        if (status is >= 400 and < 500 && mediaType == "application/problem+json")
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            return body?["title"] is not null && body["status"]?.GetValue<int>() == status ? null : "a problem without title or status";
        }
        var text = await response.Content.ReadAsStringAsync();
        return $"{status} {mediaType} {text[..Math.Min(text.Length, 300)]}";
    }

    /// <summary>What the app holds that a malformed request could have changed, as the admin sees it.</summary>
    private async Task<string> SnapshotAsync(HttpClient raw)
    {
        var reads = new[]
        {
            "/api/bootcamps?pageSize=100", $"/api/bootcamps/{_ids["bootcampId"]}", $"/api/assignments/{_ids["assignmentId"]}",
            $"/api/bootcamps/{_ids["bootcampId"]}/enrollments", $"/api/bootcamps/{_ids["bootcampId"]}/assignments",
            $"/api/assignments/{_ids["assignmentId"]}/submissions", $"/api/bootcamps/{_ids["bootcampId"]}/resources",
            $"/api/bootcamps/{_ids["bootcampId"]}/chat", "/api/me", "/api/me/files", "/api/me/bootcamps", "/api/notifications",
            "/api/me/email-preferences", "/api/admin/email/outbox",
        };
        var snapshot = new StringBuilder();
        foreach (var path in reads)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _admin.AccessToken);
            using var response = await raw.SendAsync(request);
            snapshot.Append(path).Append(" → ").Append((int)response.StatusCode).Append(' ').AppendLine(await response.Content.ReadAsStringAsync());
        }
        return snapshot.ToString();
    }

    private IEnumerable<(string What, HttpRequestMessage Request)> Corpus(string template, string method, JsonObject operation, JsonObject schemas)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var pathNames = parameters.Where(p => p["in"]?.GetValue<string>() == "path").Select(p => p["name"]!.GetValue<string>()).ToList();
        var body = operation["requestBody"]?["content"]?.AsObject();
        var httpMethod = new HttpMethod(method.ToUpperInvariant());
        var path = Fill(template, pathNames, null);

        foreach (var name in pathNames)
        {
            yield return ($"a 10 KB {name}", new HttpRequestMessage(httpMethod, Fill(template, pathNames, name)) { Content = JsonBody(body, "{}") });
        }
        foreach (var query in parameters.Where(p => p["in"]?.GetValue<string>() == "query"))
        {
            var name = query["name"]!.GetValue<string>();
            var parameterSchema = Resolve(query["schema"], schemas);
            string[] wrong = TypeOf(parameterSchema) switch
            {
                "integer" or "number" => ["99999999999999999999999", "-1", "many"],
                "boolean" => ["maybe"],
                // Free text (a search, an email to look up) may be anything short; only its length can be wrong.
                _ when parameterSchema?["enum"] is null && parameterSchema?["format"] is null => [],
                _ => ["no-such-value"],
            };
            foreach (var value in wrong.Append(TenKbId))
            {
                yield return ($"{name}={value[..Math.Min(value.Length, 24)]}", new HttpRequestMessage(httpMethod, $"{path}?{name}={value}") { Content = JsonBody(body, "{}") });
            }
        }
        if (body is null)
        {
            yield break;
        }
        if (body["multipart/form-data"] is not null)
        {
            foreach (var (what, content) in MalformedMultipart())
            {
                yield return (what, new HttpRequestMessage(httpMethod, path) { Content = content });
            }
            yield break;
        }
        var schema = Resolve(body["application/json"]?["schema"], schemas);
        var properties = Resolve(schema, schemas)?["properties"]?.AsObject() ?? [];
        var bodies = new List<(string, string)>
        {
            ("bad JSON", "{\"a\": nope"),
            ("an array for an object", "[1, 2, 3]"),
            ("JSON null", "null"),
            ("every field of the wrong type", Object(properties, (_, type, _) => type switch
            {
                "string" => "12345",
                "integer" or "number" => "\"many\"",
                "boolean" => "\"yes\"",
                "array" => "{\"not\": \"a list\"}",
                _ => "[]",
            })),
            ("huge numbers", Object(properties, (_, type, _) => type is "integer" or "number" ? "1e400" : null)),
            ("numbers past 64 bits", Object(properties, (_, type, _) => type is "integer" or "number" ? "92233720368547758080" : null)),
            ("huge strings", Object(properties, (_, type, _) => type == "string" ? $"\"{HugeString}\"" : type == "array" ? $"[\"{HugeString}\"]" : null)),
            ("unknown enum values", Object(properties, (_, _, property) => property?["enum"] is not null ? "\"no-such-value\"" : null)),
            ("a body over the size limit", $"{{\"x\": \"{new string('x', 2_000_000)}\"}}"),
        };
        foreach (var (what, text) in bodies.Where(body => body.Item2 != "{}"))
        {
            var request = new HttpRequestMessage(httpMethod, path) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
            // A refusal of an over-long body comes before the body is read; waiting for it keeps the client from writing into a closed socket.
            request.Headers.ExpectContinue = text.Length > 1_000_000;
            yield return (what, request);
        }
        yield return ("a text/plain body", new HttpRequestMessage(httpMethod, path) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") });
        yield return ("no body", new HttpRequestMessage(httpMethod, path));
    }

    /// <summary>Bodies that stop before their declared length: the client closes its side and waits for the answer.</summary>
    private IEnumerable<(string What, byte[] Request)> TruncatedBodies(string template, string method, JsonObject operation)
    {
        var content = operation["requestBody"]?["content"]?.AsObject();
        if (content is null)
        {
            yield break;
        }
        var pathNames = operation["parameters"]?.AsArray().Where(p => p!["in"]?.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
        var path = Fill(template, pathNames, null);
        var (contentType, partial) = content["multipart/form-data"] is not null
            ? ("multipart/form-data; boundary=cut", "--cut\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG")
            : ("application/json", "{\"title\": \"cut off");
        var head = $"{method.ToUpperInvariant()} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_admin.AccessToken}\r\n" +
            $"Content-Type: {contentType}\r\nContent-Length: {partial.Length + 500}\r\nConnection: close\r\n\r\n";
        yield return ("a body cut short", Encoding.Latin1.GetBytes(head + partial));
    }

    /// <summary>Null when the half-closed request got a 4xx problem (or the server closed without an answer, which a client sees as a dropped connection, not an error).</summary>
    private async Task<string?> SendTruncatedAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _app.Port);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        string answer;
        try
        {
            await stream.WriteAsync(request);
            socket.Shutdown(SocketShutdown.Send);
            answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            return null;
        }
        if (answer.Length == 0)
        {
            return null;
        }
        var statusLine = answer[..answer.IndexOf('\r', StringComparison.Ordinal)];
        var status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return status is >= 400 and < 500 && answer.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase)
            ? null
            : statusLine + " " + answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..][..Math.Min(200, answer.Length - answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) - 4)];
    }

    private static IEnumerable<(string What, HttpContent Content)> MalformedMultipart()
    {
        static HttpContent Raw(string body, string contentType)
        {
            var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }
        var fields = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n";
        yield return ("a multipart body that ends inside the file part", Raw(fields + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n\x1a\n", "multipart/form-data; boundary=b"));
        yield return ("a part with 300 headers", Raw(fields + "--b\r\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"X-Header-{i}: {i}\r\n"))
            + "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("a header line of 40 KB", Raw(fields + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + new string('a', 40_000) + ".png\"\r\n\r\nabc\r\n--b--\r\n", "multipart/form-data; boundary=b"));
        yield return ("no boundary", Raw(fields, "multipart/form-data"));
        yield return ("a boundary that never comes", Raw("just some bytes", "multipart/form-data; boundary=b"));
        yield return ("JSON instead of a form", new StringContent("{}", Encoding.UTF8, "application/json"));
    }

    private static StringContent? JsonBody(JsonObject? body, string json) =>
        body?["application/json"] is null ? null : new StringContent(json, Encoding.UTF8, "application/json");

    private string Fill(string template, IEnumerable<string> names, string? huge)
    {
        var path = template;
        foreach (var name in names)
        {
            path = path.Replace("{" + name + "}", name == huge ? TenKbId : _ids.GetValueOrDefault(name, "no-such-" + name.ToLowerInvariant()), StringComparison.Ordinal);
        }
        return path;
    }

    private static JsonObject? Resolve(JsonNode? schema, JsonObject schemas)
    {
        for (var depth = 0; depth < 5 && schema is JsonObject node; depth++)
        {
            if (node["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = schemas[reference[(reference.LastIndexOf('/') + 1)..]];
            }
            else if ((node["anyOf"] ?? node["oneOf"])?.AsArray().FirstOrDefault(option => option?["type"]?.ToString() != "null") is { } option)
            {
                schema = option;
            }
            else
            {
                return node;
            }
        }
        return null;
    }

    private static string TypeOf(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        JsonValue single => single.GetValue<string>(),
        _ => (schema?["anyOf"] ?? schema?["oneOf"])?.AsArray().Select(option => TypeOf(option as JsonObject)).FirstOrDefault(t => t is not ("null" or "object")) ?? "object",
    };

    /// <summary>A JSON object with each property given the value <paramref name="value"/> chooses for its type (null: left out).</summary>
    private static string Object(JsonObject properties, Func<string, string, JsonObject?, string?> value)
    {
        var members = new List<string>();
        foreach (var (name, node) in properties)
        {
            var property = node as JsonObject;
            if (property?["$ref"] is not null || property?["anyOf"] is not null)
            {
                property = Resolve(property, Schemas) ?? property;
            }
            if (value(name, TypeOf(property), property) is { } json)
            {
                members.Add($"\"{name}\": {json}");
            }
        }
        return "{" + string.Join(", ", members) + "}";
    }
}

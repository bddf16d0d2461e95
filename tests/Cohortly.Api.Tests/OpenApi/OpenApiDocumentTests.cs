using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.OpenApi;

/// <summary>
/// The published document is a contract a client can be generated from: who may call what, every status with its body,
/// real types. Every other API test checks the responses it receives against it (<see cref="OpenApiValidatingHandler"/>).
/// </summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class OpenApiDocumentTests(EmbeddedAppFixture fixture)
{
    private static readonly string[] PublicOperations =
    [
        "POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/password-reset/request",
        "POST /api/auth/password-reset/confirm", "GET /api/bootcamps", "GET /api/bootcamps/{bootcampId}", "GET /api/features",
        "GET /api/email/unsubscribe", "POST /api/email/unsubscribe", "GET /health/live", "GET /health/ready",
        "POST /webhooks/stripe",
        "GET /.well-known/cohortly/keys.json", "GET /api/verify/{certificateId}", "GET /api/verify/token", "POST /api/verify/pdf",
        "GET /api/certificates/status/{listNumber}",
        "GET /calendar/{token}.ics",
    ];

    [Fact]
    public async Task ProtectedOperationsRequireTheBearerTokenAndPublicOnesRequireNothing()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", scheme["bearerFormat"]!.GetValue<string>());
        foreach (var (name, operation) in Operations(document))
        {
            var security = operation["security"]?.AsArray();
            Assert.True(security is not null, $"{name} does not say whether it needs a token");
            if (PublicOperations.Contains(name))
            {
                Assert.True(security.Count == 0, $"{name} is public but asks for a token");
                continue;
            }
            Assert.True(security.Count == 1 && security[0]!.AsObject().ContainsKey("Bearer"), $"{name} should need the bearer token");
            Assert.True(Responses(operation).ContainsKey("401"), $"{name} needs a token but declares no 401");
        }
    }

    [Fact]
    public async Task EveryOperationIsNamedSummarizedDescribedAndDeclaresItsProblemsAsProblemDetails()
    {
        var document = await DocumentAsync();

        foreach (var (name, operation) in Operations(document))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation["operationId"]?.GetValue<string>()), $"{name} has no operationId");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{name} has no description");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            foreach (var (status, response) in Responses(operation).Where(r => int.Parse(r.Key) >= 400))
            {
                if (name.StartsWith("GET /api/email/unsubscribe", StringComparison.Ordinal) || name.Contains(" /health/", StringComparison.Ordinal))
                {
                    continue; // A page for people and the probes: their bodies are HTML and plain text.
                }
                var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                Assert.True(schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails",
                    $"{name} {status} is not a problem details body");
            }
        }
    }

    [Theory]
    [InlineData("POST /api/bootcamps/{bootcampId}/enrollments", new[] { "201", "401", "402", "403", "404", "409", "429", "503" })]
    [InlineData("PUT /api/users/{userId}/roles", new[] { "200", "400", "401", "403", "404", "409", "413", "415", "429", "503" })]
    [InlineData("POST /api/auth/login", new[] { "200", "400", "401", "413", "415", "429", "503" })]
    [InlineData("POST /api/files", new[] { "201", "400", "401", "403", "404", "409", "413", "415", "422", "429", "503" })]
    [InlineData("GET /api/assignments/{assignmentId}/submissions", new[] { "200", "400", "401", "403", "404", "429", "503" })]
    public async Task OperationsDeclareTheStatusesTheirGrainsAndThePipelineAnswer(string name, string[] statuses)
    {
        var document = await DocumentAsync();

        var operation = Operations(document).Single(o => o.Name == name).Operation;
        Assert.Equal(statuses.Order(), Responses(operation).Select(r => r.Key).Order());
    }

    [Fact]
    public async Task TheUploadDeclaresItsMultipartFormAndAnswers201WithTheFile()
    {
        var document = await DocumentAsync();

        var upload = Operations(document).Single(o => o.Name == "POST /api/files").Operation;
        var form = upload["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal(["purpose", "assignmentId", "bootcampId", "file"], form["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("binary", form["properties"]!["file"]!["format"]!.GetValue<string>());
        Assert.Equal(["submission", "resource", "avatar"], form["properties"]!["purpose"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["file", "purpose"], form["required"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.Equal("#/components/schemas/FileResponse",
            Responses(upload)["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var thumbnail = Operations(document).Single(o => o.Name == "GET /api/files/{fileId}/thumbnail").Operation;
        Assert.Equal(["image/jpeg"], Responses(thumbnail)["200"]!["content"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public async Task NumbersAreNumbersClosedSetsAreEnumsAndOptionalRequestFieldsAreOptional()
    {
        var document = await DocumentAsync();

        foreach (var schema in Descendants(document).OfType<JsonObject>())
        {
            if (schema["type"] is JsonArray types)
            {
                var names = types.Select(t => t!.GetValue<string>()).ToList();
                Assert.False(names.Contains("string") && (names.Contains("integer") || names.Contains("number")), $"A number may be a string: {schema.ToJsonString()}");
            }
        }
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(["student", "instructor", "mentor", "admin"], Enum(schemas["UserResponse"]!["properties"]!["roles"]!["items"]!));
        Assert.Equal(["none", "active", "withdrawn"], Enum(schemas["EnrollmentResponse"]!["properties"]!["status"]!));
        Assert.Equal(["queued", "sent", "failed"], Enum(schemas["OutboxItemResponse"]!["properties"]!["status"]!));
        Assert.Contains("grade.published", Enum(schemas["NotificationResponse"]!["properties"]!["kind"]!));
        Assert.Null(schemas["UpdateBootcampRequest"]!["required"]);
        Assert.Null(schemas["UpdateAssignmentRequest"]!["required"]);
        Assert.Null(schemas["LatePolicyBody"]!["required"]);
        Assert.DoesNotContain("latePolicy", schemas["CreateAssignmentRequest"]!["required"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["title", "startsAt", "endsAt", "capacity"], schemas["CreateBootcampRequest"]!["required"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task TheOrleansDashboardsRoutesAreNotPartOfTheApiButTheHealthProbesAre()
    {
        var document = await DocumentAsync();

        Assert.Contains("GET /health/live", Operations(document).Select(o => o.Name));
        Assert.Contains("GET /health/ready", Operations(document).Select(o => o.Name));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => path.Key.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.DoesNotContain(document["paths"]!.AsObject(), path => path.Key.StartsWith("/bench", StringComparison.Ordinal));
    }

    /// <summary>The check every API test relies on, shown failing: a response that breaks the document is reported, not passed.</summary>
    [Fact]
    public async Task ResponsesThatBreakTheDocumentAreCaught()
    {
        var contract = OpenApiContract.Parse(await DocumentTextAsync());
        const string me = """{"userId":"u1","email":"a@example.com","displayName":"A","roles":["student"]}""";

        Assert.Empty(contract.Check(HttpMethod.Get, "/api/me", 200, "application/json", me));
        Assert.Contains(contract.Check(HttpMethod.Get, "/api/me", 200, "application/json", """{"userId":"u1","email":"a@example.com","roles":["student"]}"""),
            problem => problem.Contains("displayName", StringComparison.Ordinal));
        Assert.NotEmpty(contract.Check(HttpMethod.Get, "/api/me", 200, "application/json", me.Replace("\"student\"", "\"superuser\"", StringComparison.Ordinal)));
        Assert.NotEmpty(contract.Check(HttpMethod.Get, "/api/me", 200, "application/json", me.Replace("\"u1\"", "1", StringComparison.Ordinal)));
        Assert.Contains(contract.Check(HttpMethod.Get, "/api/me", 418, "application/problem+json", """{"status":418}"""),
            problem => problem.Contains("418 is not declared", StringComparison.Ordinal));
        Assert.NotEmpty(contract.Check(HttpMethod.Get, "/api/me", 200, "text/plain", null));
        Assert.Equal("GET /api/bootcamps/{bootcampId}", contract.OperationFor(HttpMethod.Get, "/api/bootcamps/abc"));
        Assert.Equal("GET /api/me/bootcamps", contract.OperationFor(HttpMethod.Get, "/api/me/bootcamps"));
        Assert.Null(contract.OperationFor(HttpMethod.Put, "/api/me"));
    }

    private async Task<string> DocumentTextAsync()
    {
        using var response = await fixture.Http.GetAsync(OpenApiValidatingHandler.DocumentPath);
        await response.ExpectAsync(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await DocumentTextAsync())!.AsObject();

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(method => ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject())));

    private static JsonObject Responses(JsonObject operation) => operation["responses"]!.AsObject();

    private static IEnumerable<string> Enum(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>());

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Value is null ? [] : Descendants(p.Value)).Prepend(node),
        JsonArray array => array.SelectMany(item => item is null ? [] : Descendants(item)).Prepend(node),
        _ => [node],
    };
}

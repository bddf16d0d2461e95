using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.OpenApi;

/// <summary>
/// Redocly's recommended ruleset on the live document (npm <c>@redocly/cli</c>, pinned in tests/openapi-lint): no errors.
/// Warnings are reported by the linter but do not fail the suite.
/// </summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class RedoclyLintTests(EmbeddedAppFixture fixture)
{
    [Fact]
    public async Task TheRecommendedRulesFindNoErrorsInTheLiveDocument()
    {
        var cli = await NpmPackage.EnsureInstalledAsync("openapi-lint", Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"));
        using var document = new TempDirectory("cohortly-openapi");
        var file = Path.Combine(document.Path, "openapi.json");
        using (var response = await fixture.Http.GetAsync(OpenApiValidatingHandler.DocumentPath))
        {
            await response.ExpectAsync(HttpStatusCode.OK);
            await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
        }
        var folder = NpmPackage.FolderOf("openapi-lint");

        var lint = await NpmPackage.RunAsync("node",
            [cli, "lint", file, "--config", Path.Combine(folder, "redocly.yaml"), "--format", "json", "--max-problems", "1000"], folder,
            new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });

        var report = JsonNode.Parse(lint.Output)
            ?? throw new InvalidOperationException($"redocly printed no report (exit {lint.ExitCode}):\n{lint.Error}");
        var errors = report["problems"]!.AsArray()
            .Where(problem => problem!["severity"]!.GetValue<string>() == "error")
            .Select(problem => $"{problem!["ruleId"]}: {problem["message"]} at {problem["location"]?[0]?["pointer"]}")
            .ToList();
        Assert.True(errors.Count == 0, $"redocly lint (recommended) found {errors.Count} errors:\n{string.Join("\n", errors)}");
    }
}

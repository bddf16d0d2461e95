namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// The published contract at <c>/openapi/v1.json</c>. The generator sees routes, parameters and <c>Results&lt;…&gt;</c>
/// types; the transformers add what it cannot see there: who may call (authorization metadata), the problems that
/// middleware answers, closed value sets, optional request fields and JSON's real number types. Refusals that grains
/// throw are declared where the route is mapped (<see cref="OpenApiEndpointExtensions.ProducesProblems"/>), because
/// only the route knows which grain methods it reaches. The API tests check every response against this document.
/// </summary>
public static class OpenApiDocumentation
{
    /// <summary>Routes mapped by tools rather than by Cohortly's API: the Orleans dashboard's own pages and data.</summary>
    private static readonly string[] InternalPrefixes = ["dashboard", "bench"];

    public static IServiceCollection AddCohortlyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => !IsInternal(description.RelativePath);
            options.AddDocumentTransformer<DocumentInfoTransformer>();
            options.AddDocumentTransformer<BearerSecurityTransformer>();
            options.AddDocumentTransformer<SelfDescribedEndpointsTransformer>();
            options.AddOperationTransformer<BearerSecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddSchemaTransformer<JsonNumberSchemaTransformer>();
            options.AddSchemaTransformer<OptionalFieldsSchemaTransformer>();
            options.AddSchemaTransformer<EnumValuesSchemaTransformer>();
        });

    private static bool IsInternal(string? relativePath) =>
        relativePath is not null && InternalPrefixes.Any(prefix =>
            relativePath.Equals(prefix, StringComparison.OrdinalIgnoreCase) || relativePath.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase));
}

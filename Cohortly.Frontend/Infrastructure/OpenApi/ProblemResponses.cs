using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>Adds a problem-details response to an operation, as the handlers, middleware and exception handler write them.</summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    private const string SchemaId = nameof(ProblemDetails);

    /// <summary>Leaves a status the operation declares already as it is: its own declaration is the more precise one.</summary>
    public static async Task AddAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }
        var document = context.Document!;
        // Added once per document; later calls find it there.
        document.AddComponent(SchemaId, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ContentType] = new() { Schema = new OpenApiSchemaReference(SchemaId, document) },
            },
        };
    }
}

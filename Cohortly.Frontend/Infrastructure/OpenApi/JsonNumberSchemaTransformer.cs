using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// ASP.NET's web JSON defaults read numbers from strings too, so the generator types every number
/// <c>integer | string</c> with a digits pattern. Cohortly writes real JSON numbers and documents them as such; the lenient
/// reading stays (a client that sends <c>"30"</c> keeps working), but it is not part of the contract.
/// </summary>
public sealed class JsonNumberSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}

using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// Endpoints the generator cannot see because they are middleware pipelines, not route handlers (the health checks),
/// are added from what they say about themselves: <c>WithName</c> makes one an operation, and its summary, description,
/// tags, <c>Produces…</c> metadata and authorization describe it. Such an endpoint answers GET.
/// </summary>
public sealed class SelfDescribedEndpointsTransformer(EndpointDataSource endpoints) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<IEndpointNameMetadata>() is not { } name || metadata.GetMetadata<MethodInfo>() is not null
                || metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }
            document.Paths ??= [];
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!document.Paths.TryGetValue(path, out var item) || item is not OpenApiPathItem pathItem)
            {
                document.Paths[path] = pathItem = new OpenApiPathItem();
            }
            pathItem.Operations ??= [];
            pathItem.Operations[HttpMethod.Get] = Describe(document, name.EndpointName, metadata);
        }
        return Task.CompletedTask;
    }

    private static OpenApiOperation Describe(OpenApiDocument document, string name, EndpointMetadataCollection metadata)
    {
        var operation = new OpenApiOperation
        {
            OperationId = name,
            Summary = metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary,
            Description = metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description,
            Security = EndpointAccess.IsProtected(metadata)
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSecurityTransformer.SchemeName, document)] = [] }]
                : [],
            Responses = [],
        };
        foreach (var tag in metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(tags => tags.Tags))
        {
            document.Tags ??= new HashSet<OpenApiTag>();
            if (!document.Tags.Any(existing => existing.Name == tag))
            {
                document.Tags.Add(new OpenApiTag { Name = tag });
            }
            operation.Tags ??= new HashSet<OpenApiTagReference>();
            operation.Tags.Add(new OpenApiTagReference(tag, document));
        }
        foreach (var produces in metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            operation.Responses[produces.StatusCode.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = produces.Description ?? ReasonPhrases.GetReasonPhrase(produces.StatusCode),
                Content = produces.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
        }
        return operation;
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// The problems the pipeline answers before or around a handler, which no <c>Results&lt;…&gt;</c> type shows: an unreadable
/// body or parameter (400, through <see cref="ProblemDetailsExceptionHandler"/>), a body over Kestrel's limit (413), a body
/// that is not JSON (415), and a rate limiter's refusal (429 with <c>Retry-After</c>).
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        if (operation.RequestBody is not null)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest, "The body could not be read.", cancellationToken);
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than this operation accepts.", cancellationToken);
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body is not of the declared media type.", cancellationToken);
        }
        if (description.ParameterDescriptions.Any(p => p.Source != BindingSource.Body && p.Type != typeof(string)))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status400BadRequest, "A parameter could not be read as its type.", cancellationToken);
        }
        if (description.ActionDescriptor.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests: wait as long as Retry-After says.", cancellationToken);
            ((OpenApiResponse)operation.Responses!["429"]).Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                },
            };
        }
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// The problems the pipeline answers before or around a handler, which no <c>Results&lt;…&gt;</c> type shows: an unreadable
/// body or parameter (400, through <see cref="ProblemDetailsExceptionHandler"/>), a body over Kestrel's limit (413), a body
/// that is not JSON (415), a rate limiter's refusal (429 with <c>Retry-After</c>), and a cluster that cannot serve the call
/// (503 with <c>Retry-After</c>), which any operation reaching a grain can meet.
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
        // Every request is counted (RateLimits); the health probes alone are exempt.
        if (!description.RelativePath?.StartsWith("health", StringComparison.Ordinal) ?? true)
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status429TooManyRequests, "Too many requests: wait as long as Retry-After says.", cancellationToken);
            AddRetryAfter(operation, StatusCodes.Status429TooManyRequests);
        }
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
            "The service cannot answer right now (the cluster, or the store a route needs); try again after Retry-After when it is given.", cancellationToken);
        AddRetryAfter(operation, StatusCodes.Status503ServiceUnavailable);
    }

    private static void AddRetryAfter(OpenApiOperation operation, int status)
    {
        var response = (OpenApiResponse)operation.Responses![status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
    }
}

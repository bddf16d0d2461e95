using Cohortly.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Turns the domain's refusals and malformed requests into 4xx problem details, and a cluster that cannot serve the call
/// into 503 with Retry-After (API.md: no route answers 500 to anything a client can send); anything else stays a 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>
    /// Until membership declares a dead silo dead (about 4 s with ClusterTimeouts' probes) its grains' calls fail; a
    /// client retrying every 2 s gets through soon after that without hammering the survivors.
    /// </summary>
    private const int ClusterRetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException { FieldErrors: { } fieldErrors } domain => new HttpValidationProblemDetails(fieldErrors.ToDictionary())
            {
                Status = StatusCodes.Status400BadRequest,
                Type = Problems.TypeBase + domain.Code,
                Title = domain.Message,
            },
            DomainException domain => new ProblemDetails
            {
                Status = StatusFor(domain.Kind),
                Type = Problems.TypeBase + domain.Code,
                Title = domain.Message,
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Type = Problems.TypeBase + (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request"),
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : bad.Message,
            },
            _ when ClusterFailures.IsTransient(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = Problems.TypeBase + "cluster-unavailable",
                Title = "The service cannot answer right now; try again shortly.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = ClusterRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static int StatusFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        DomainErrorKind.Gone => StatusCodes.Status410Gone,
        DomainErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        DomainErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        DomainErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}

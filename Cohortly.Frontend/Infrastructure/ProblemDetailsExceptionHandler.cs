using Cohortly.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>Turns the domain's refusals and malformed requests into 4xx problem details; anything else stays a 500.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
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
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
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
        _ => StatusCodes.Status400BadRequest,
    };
}

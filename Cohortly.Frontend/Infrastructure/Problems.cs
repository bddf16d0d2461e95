using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>RFC 7807 bodies with a stable <c>type</c> per kind of problem, so clients can branch on it.</summary>
public static class Problems
{
    public const string TypeBase = "https://cohortly.dev/problems/";

    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypeBase + code,
            Title = title,
            Detail = detail,
        });

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "not-found", $"There is no such {what}.");

    public static ProblemHttpResult Forbidden(string why) =>
        Create(StatusCodes.Status403Forbidden, "forbidden", why);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields.", type: TypeBase + "validation");
}

using Cohortly.Common;

namespace Cohortly.Assignments;

public static class AssignmentRules
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 20_000;
    public const decimal MaxScoreLimit = 10_000;
    public const long MaxFileBytesLimit = 100L * 1024 * 1024;
    public const int MaxExtensions = 30;
    public const int TextMax = 50_000;
    public const int FeedbackMax = 20_000;
    public const int MaxFilesPerSubmission = 20;

    public static Dictionary<string, string[]> Validate(AssignmentDetails details)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(details.Title))
        {
            errors["title"] = ["title is required."];
        }
        else if (details.Title.Length > TitleMax)
        {
            errors["title"] = [$"title must be at most {TitleMax} characters."];
        }
        if (details.Description.Length > DescriptionMax)
        {
            errors["description"] = [$"description must be at most {DescriptionMax} characters."];
        }
        if (details.MaxScore is <= 0 or > MaxScoreLimit)
        {
            errors["maxScore"] = [$"maxScore must be above 0 and at most {MaxScoreLimit}."];
        }
        if (details.MaxFileBytes is < 1 or > MaxFileBytesLimit)
        {
            errors["maxFileBytes"] = [$"maxFileBytes must be between 1 and {MaxFileBytesLimit}."];
        }
        if (details.AllowedExtensions.Length > MaxExtensions
            || details.AllowedExtensions.Any(e => e.Length is < 2 or > 16 || e[0] != '.'
                || !e[1..].Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiLetterOrDigit))))
        {
            errors["allowedExtensions"] = [$"allowedExtensions: up to {MaxExtensions} like \".zip\", \".py\" or \".tar.gz\"."];
        }
        var policy = details.LatePolicy;
        if (policy.PercentPerDay is < 0 or > 100 || policy.FloorPercent is < 0 or > 100)
        {
            errors["latePolicy"] = ["latePolicy percentages must be between 0 and 100."];
        }
        return errors;
    }

    public static void RequireValid(AssignmentDetails details)
    {
        var errors = Validate(details);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    /// <summary>Whole days late, counting a started day as one (Canvas counts the same way).</summary>
    public static int DaysLate(DateTimeOffset submittedAt, DateTimeOffset dueAt) =>
        submittedAt <= dueAt ? 0 : (int)Math.Ceiling((submittedAt - dueAt).TotalDays);
}

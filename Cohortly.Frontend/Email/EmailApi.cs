using System.Net;
using Cohortly.Email;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Email;
using Cohortly.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Email;

public static class EmailApi
{
    private const int MaxIdLength = 128;

    public static IEndpointRouteBuilder MapEmailApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me/email-preferences").WithTags("Email").RequireAuthorization();
        me.MapGet("/", GetPreferencesAsync).WithName("GetEmailPreferences").WithSummary("What the caller agreed to receive.")
            .WithDescription("The caller's choices for the non-essential emails; account and security emails are always sent.");
        me.MapPut("/", SetPreferencesAsync).WithName("SetEmailPreferences").WithSummary("Choose which non-essential emails to receive.")
            .WithDescription("All three choices are required: true or false.");

        // Anonymous: the signed token in the link is the authority, so it works from any mail client.
        var unsubscribe = app.MapGroup("/api/email/unsubscribe").WithTags("Email").AllowAnonymous();
        unsubscribe.MapGet("/", ShowUnsubscribePage).WithName("UnsubscribePage")
            .WithSummary("The page an email's unsubscribe link opens; it changes nothing until its button is pressed (link scanners GET links).")
            .WithDescription("Public: `user`, `category` and `token` come from the email's link. An HTML page with a button that posts back to the same link; " +
                "an invalid link gets a 400 page.")
            .ProducesContent(StatusCodes.Status200OK, "text/html", "The confirmation page.")
            .ProducesContent(StatusCodes.Status400BadRequest, "text/html", "The page saying the link is not valid.");
        unsubscribe.MapPost("/", UnsubscribeAsync).WithName("Unsubscribe").WithSummary("One-click unsubscribe (RFC 8058) with the token from an email.")
            .WithDescription("Public: the signed link is the authority. A mail client's one-click POST (`List-Unsubscribe=One-Click`, or no form) gets JSON; " +
                "the page's button gets an HTML page. A malformed or wrong token is a field error on `token`.")
            .ProducesContent(StatusCodes.Status200OK, "text/html", "JSON for a mail client's one-click request, an HTML page for the page's button.");

        var admin = app.MapGroup("/api/admin/email").WithTags("Email").RequireAuthorization(AuthPolicies.Admin);
        admin.MapGet("/outbox", ListOutboxAsync).WithName("ListOutbox").WithSummary("Queued, sent and failed emails with attempts and last error (admin).")
            .WithDescription("Admins. A page of the outbox, newest first, optionally only one `status`.");
        admin.MapPost("/outbox/{messageId}/retry", RetryAsync).WithName("RetryEmail").WithSummary("Send a failed email again with a fresh count of attempts (admin).")
            .WithDescription("Admins. 404 for an unknown message.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapPost("/weekly-reports/run", RunWeeklyReportsAsync).WithName("RunWeeklyReports")
            .WithSummary("Start this week's progress reports now; answers how many enrolled students they cover. Each student gets at most one per bootcamp and ISO week (admin).")
            .WithDescription("Admins. Reports normally go out on a weekly schedule; this runs the schedule now. Running it twice in a week sends nothing new.");
        if (app.ServiceProvider.GetRequiredService<IConfiguration>().ReadCohortlyOptions().Mode == CohortlyMode.Embedded)
        {
            app.MapDevMailboxApi();
        }
        return app;
    }

    /// <summary>Embedded mode only: what the embedded email transport "sent", newest first.</summary>
    private static IEndpointRouteBuilder MapDevMailboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/mailbox", ReadMailboxAsync)
            .WithTags("Email").WithName("DevMailbox").WithSummary("Messages the embedded email transport delivered (embedded mode, admin).")
            .WithDescription("Admins, embedded mode only (the route does not exist in cluster mode): the newest `limit` (1–500, default 50) messages, for development and tests.")
            .RequireAuthorization(AuthPolicies.Admin);
        return app;
    }

    public static async Task<Ok<EmailPreferencesResponse>> GetPreferencesAsync([AsParameters] CallerContext context) =>
        TypedResults.Ok(EmailPreferencesResponse.From(await context.Grain<IEmailPreferencesGrain>(context.Caller.UserId).GetAsync()));

    public static async Task<Results<Ok<EmailPreferencesResponse>, ValidationProblem>> SetPreferencesAsync(
        EmailPreferencesBody body, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        foreach (var (field, value) in new[] { ("weeklyReport", body.WeeklyReport), ("assignmentNotices", body.AssignmentNotices), ("marketing", body.Marketing) })
        {
            if (value is null)
            {
                errors.Add(field, $"{field} is required: true or false.");
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var saved = await context.Grain<IEmailPreferencesGrain>(context.Caller.UserId)
            .SetAsync(new EmailPreferences(body.WeeklyReport!.Value, body.AssignmentNotices!.Value, body.Marketing!.Value));
        return TypedResults.Ok(EmailPreferencesResponse.From(saved));
    }

    public static ContentHttpResult ShowUnsubscribePage(string? user, string? category, string? token)
    {
        if (ParseLink(user, category, token) is not { } link)
        {
            return TypedResults.Content(Page("This unsubscribe link is not valid.", form: null), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var action = $"/api/email/unsubscribe?user={Uri.EscapeDataString(link.UserId)}&category={Uri.EscapeDataString(category!)}&token={Uri.EscapeDataString(link.Token)}";
        return TypedResults.Content(Page($"Stop receiving {Describe(link.Category)} emails?", action), "text/html; charset=utf-8");
    }

    public static async Task<Results<Ok<UnsubscribedResponse>, ContentHttpResult, ValidationProblem>> UnsubscribeAsync(
        string? user, string? category, string? token, HttpContext http, IClusterClient cluster)
    {
        if (ParseLink(user, category, token) is not { } link)
        {
            return FieldErrors.Of("token", "The unsubscribe link is incomplete or malformed.").ToProblem();
        }
        if (!await cluster.GetGrain<IEmailPreferencesGrain>(link.UserId).UnsubscribeAsync(link.Category, link.Token))
        {
            return FieldErrors.Of("token", "The unsubscribe token does not match this user and category.").ToProblem();
        }
        // A person pressing the page's button gets a page back; a mail client's one-click POST gets JSON.
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        return form is not null && !form.ContainsKey("List-Unsubscribe")
            ? TypedResults.Content(Page($"You will no longer receive {Describe(link.Category)} emails.", form: null), "text/html; charset=utf-8")
            : TypedResults.Ok(new UnsubscribedResponse(category!.ToLowerInvariant(), true));
    }

    public static async Task<Results<Ok<Paged<OutboxItemResponse>>, ValidationProblem>> ListOutboxAsync(
        [EnumValues(typeof(OutboxStatus))] string? status, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = paging.Validate();
        OutboxStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(status[0]))
            {
                filter = parsed;
            }
            else
            {
                errors.Add("status", "status is one of queued, sent, failed.");
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var slice = await context.Grain<IOutboxReaderGrain>(0).ListAsync(context.Caller, filter, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<OutboxItemResponse>([.. slice.Items.Select(OutboxItemResponse.From)], paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<OutboxItemResponse>, ProblemHttpResult>> RetryAsync(string messageId, [AsParameters] CallerContext context)
    {
        if (messageId.Length > MaxIdLength || !messageId.All(char.IsAsciiHexDigitLower))
        {
            return Problems.NotFound("email");
        }
        return await context.Grain<IOutboxMessageGrain>(messageId).RetryAsync(context.Caller) is { } entry
            ? TypedResults.Ok(OutboxItemResponse.From(entry))
            : Problems.NotFound("email");
    }

    public static async Task<Accepted<WeeklyReportRunResponse>> RunWeeklyReportsAsync([AsParameters] CallerContext context) =>
        TypedResults.Accepted((string?)null, new WeeklyReportRunResponse(
            await context.Grain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).RunNowAsync(context.Caller)));

    public static async Task<Results<Ok<DevMailboxResponse>, ValidationProblem>> ReadMailboxAsync(DevMailbox mailbox, int? limit, CancellationToken cancellationToken) =>
        limit is < 1 or > 500
            ? FieldErrors.Of("limit", "limit must be between 1 and 500.").ToProblem()
            : TypedResults.Ok(new DevMailboxResponse(await mailbox.ReadNewestAsync(limit ?? 50, cancellationToken)));

    private static (string UserId, EmailCategory Category, string Token)? ParseLink(string? user, string? category, string? token)
    {
        if (string.IsNullOrEmpty(user) || user.Length > MaxIdLength || string.IsNullOrEmpty(token) || token.Length > MaxIdLength
            || string.IsNullOrEmpty(category) || char.IsDigit(category[0])
            || !Enum.TryParse<EmailCategory>(category, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || parsed == EmailCategory.Essential)
        {
            return null;
        }
        return (user, parsed, token);
    }

    private static string Describe(EmailCategory category) => category switch
    {
        EmailCategory.WeeklyReport => "weekly progress report",
        EmailCategory.AssignmentNotices => "new assignment",
        _ => "marketing",
    };

    /// <summary>A page with no script, so it works from any mail client's browser; the form posts back to the same link.</summary>
    private static string Page(string message, string? form) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Email preferences</title></head><body>" +
        $"<h1>Email preferences</h1><p>{WebUtility.HtmlEncode(message)}</p>" +
        (form is null ? "" : $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(form)}\"><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\">Unsubscribe</button></form>") +
        "<p><a href=\"/settings/email\">Choose what you receive</a></p></body></html>";
}

public sealed record DevMailboxResponse(IReadOnlyList<DevMailboxMessage> Items);

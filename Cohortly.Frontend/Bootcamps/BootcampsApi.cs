using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Bootcamps;

public static class BootcampsApi
{
    public static IEndpointRouteBuilder MapBootcampsApi(this IEndpointRouteBuilder app)
    {
        var bootcamps = app.MapGroup("/api/bootcamps").WithTags("Bootcamps");
        bootcamps.MapPost("/", CreateAsync).RequireAuthorization().WithName("CreateBootcamp").WithSummary("Open a bootcamp (admins, instructors).")
            .WithDescription("Admins and instructors (403 for others). Dates must run forwards, capacity is at least 1, the price is in minor units of `currency`.")
            .ProducesProblems(StatusCodes.Status403Forbidden)
            .WithIdempotencyKey();
        bootcamps.MapGet("/", SearchAsync).WithName("SearchBootcamps").WithSummary("The catalog, filtered by text and tag.")
            .WithDescription("Public. Matches `q` against title, description, tags and skills, and `tag` exactly; a page of summaries with seats left.");
        bootcamps.MapGet("/{bootcampId}", GetAsync).WithName("GetBootcamp").WithSummary("One bootcamp with its staff and seats.")
            .WithDescription("Public. 404 for an unknown id.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        bootcamps.MapPatch("/{bootcampId}", UpdateAsync).RequireAuthorization().WithName("UpdateBootcamp").WithSummary("Change a bootcamp (its instructors, admins).")
            .WithDescription("A merge patch: fields left out or null stay as they are. Its instructors and admins (403 for others). " +
                "The result is checked as a whole (field errors); capacity cannot drop below the enrolled count (409 `capacity-below-enrollment`).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        bootcamps.MapPost("/{bootcampId}/staff", AssignStaffAsync).RequireAuthorization(AuthPolicies.Admin).WithName("AssignStaff").WithSummary("Make a user an instructor or mentor of the bootcamp (admins).")
            .WithDescription("Admins. 404 for an unknown bootcamp or user; 409 `enrolled-student` when the user is enrolled as a student.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        bootcamps.MapDelete("/{bootcampId}/staff/{userId}", RemoveStaffAsync).RequireAuthorization(AuthPolicies.Admin).WithName("RemoveStaff")
            .WithSummary("Take a user off the bootcamp's staff (admins).")
            .WithDescription("Admins. The user loses the bootcamp's staff access on their next request; their global role stays. " +
                "404 for an unknown bootcamp or when the user is not on its staff.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        bootcamps.MapPost("/{bootcampId}/enrollments", EnrollAsync).RequireAuthorization().WithName("Enroll").WithSummary("Enroll the caller (students); idempotent.")
            .WithDescription("Students enroll themselves; enrolling again answers the same enrollment. A paid bootcamp answers 402 until it is paid; " +
                "a full one 409 `bootcamp-full`; its staff cannot enroll (409 `staff-cannot-enroll`); other roles 403.")
            .ProducesProblems(StatusCodes.Status402PaymentRequired, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        bootcamps.MapGet("/{bootcampId}/enrollments", ListEnrollmentsAsync).RequireAuthorization().WithName("ListEnrollments").WithSummary("The roster (staff, admins).")
            .WithDescription("The bootcamp's instructors, mentors and admins (403 for others): a page of enrolled students.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        bootcamps.MapDelete("/{bootcampId}/enrollments/{userId}", WithdrawAsync).RequireAuthorization().WithName("Withdraw").WithSummary("Withdraw an enrollment (the student, admins).")
            .WithDescription("The student themselves or an admin (403 for others); 404 when there is no enrollment to withdraw.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        bootcamps.MapGet("/{bootcampId}/progress/{studentId}", GetProgressAsync).RequireAuthorization().WithName("GetProgress").WithSummary("A student's progress (the student, staff, admins).")
            .WithDescription("Completed and total assignments, average published score as a percentage of the maximum, and late submissions. " +
                "The student, the bootcamp's staff and admins (403 for others); 404 when the student is not in the bootcamp.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        app.MapGet("/api/me/bootcamps", ListMineAsync).RequireAuthorization().WithTags("Bootcamps").WithName("MyBootcamps").WithSummary("The caller's bootcamps with role and progress.")
            .WithDescription("Every bootcamp the caller teaches, mentors or studies in, with their role there and, as a student, their progress.");
        return app;
    }

    public static async Task<Results<Created<BootcampResponse>, ValidationProblem>> CreateAsync(
        CreateBootcampRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.Require("title", request.Title);
        errors.Require("startsAt", request.StartsAt);
        errors.Require("endsAt", request.EndsAt);
        errors.Require("capacity", request.Capacity);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var details = new BootcampDetails(
            request.Title!.Trim(), request.Description ?? "", request.StartsAt!.Value, request.EndsAt!.Value, request.Capacity!.Value,
            request.PriceMinor ?? 0, request.Currency ?? "USD", Labels(request.Tags), Labels(request.Skills))
        {
            InstallmentCount = request.InstallmentCount ?? 1,
            IncludedInSubscription = request.IncludedInSubscription ?? false,
        };
        errors.AddAll(BootcampRules.Validate(details));
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the id comes from the key, so a retry after a crash reaches the bootcamp the first made.
        var bootcampId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var snapshot = await context.Grain<IBootcampGrain>(bootcampId).CreateAsync(context.Caller, details);
        return TypedResults.Created($"/api/bootcamps/{bootcampId}", await ToResponseAsync(context.Cluster, snapshot));
    }

    public static async Task<Results<Ok<Paged<BootcampSummaryResponse>>, ValidationProblem>> SearchAsync(
        string? q, string? tag, int? page, int? pageSize, IClusterClient cluster)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = paging.Validate();
        if ((q?.Length ?? 0) > 200 || (tag?.Length ?? 0) > BootcampRules.LabelMax)
        {
            errors.Add("q", "q and tag are limited to 200 and 40 characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var slice = await cluster.GetGrain<ICatalogReaderGrain>(0).SearchAsync(q, tag, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<BootcampSummaryResponse>(
            [.. slice.Items.Select(BootcampSummaryResponse.From)], paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<BootcampResponse>, ProblemHttpResult>> GetAsync(string bootcampId, IClusterClient cluster)
    {
        var snapshot = await cluster.GetGrain<IBootcampGrain>(bootcampId).GetAsync();
        return snapshot is null ? Problems.NotFound("bootcamp") : TypedResults.Ok(await ToResponseAsync(cluster, snapshot));
    }

    /// <summary>The grain applies the patch and checks the result against <see cref="BootcampRules"/>, answering field errors.</summary>
    public static async Task<Ok<BootcampResponse>> UpdateAsync(string bootcampId, UpdateBootcampRequest request, [AsParameters] CallerContext context)
    {
        var patch = new BootcampPatch(
            request.Title?.Trim(), request.Description, request.StartsAt, request.EndsAt, request.Capacity, request.PriceMinor, request.Currency,
            request.Tags is null ? null : Labels(request.Tags), request.Skills is null ? null : Labels(request.Skills))
        {
            InstallmentCount = request.InstallmentCount,
            IncludedInSubscription = request.IncludedInSubscription,
        };
        var updated = await context.Grain<IBootcampGrain>(bootcampId).UpdateAsync(context.Caller, patch);
        return TypedResults.Ok(await ToResponseAsync(context.Cluster, updated));
    }

    public static async Task<Results<NoContent, ValidationProblem>> AssignStaffAsync(
        string bootcampId, AssignStaffRequest request, [AsParameters] CallerContext context)
    {
        var role = request.Role switch
        {
            "instructor" => MemberRole.Instructor,
            "mentor" => MemberRole.Mentor,
            _ => MemberRole.None,
        };
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 64)
        {
            errors.Add("userId", "userId is required.");
        }
        if (role == MemberRole.None)
        {
            errors.Add("role", "role must be \"instructor\" or \"mentor\".");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await context.Grain<IBootcampGrain>(bootcampId).AssignStaffAsync(context.Caller, request.UserId!, role);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveStaffAsync(string bootcampId, string userId, [AsParameters] CallerContext context)
    {
        if (bootcampId.Length > 64 || userId.Length > 64)
        {
            return Problems.NotFound("staff member");
        }
        await context.Grain<IBootcampGrain>(bootcampId).RemoveStaffAsync(context.Caller, userId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<EnrollmentResponse>, ProblemHttpResult>> EnrollAsync(string bootcampId, [AsParameters] CallerContext context)
    {
        if (bootcampId.Length > 64)
        {
            return Problems.NotFound("bootcamp");
        }
        var caller = context.Caller;
        var enrollment = await context.Grain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, caller.UserId)).EnrollAsync(caller);
        return TypedResults.Created($"/api/bootcamps/{bootcampId}/enrollments/{caller.UserId}", EnrollmentResponse.From(enrollment));
    }

    public static async Task<Results<Ok<Paged<RosterEntryResponse>>, ValidationProblem>> ListEnrollmentsAsync(
        string bootcampId, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var roster = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListRosterAsync(context.Caller, bootcampId, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<RosterEntryResponse>(
            [.. roster.Items.Select(RosterEntryResponse.From)],
            paging.PageNumber, paging.Size, roster.Total));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAsync(string bootcampId, string userId, [AsParameters] CallerContext context)
    {
        if (bootcampId.Length > 64 || userId.Length > 64)
        {
            return Problems.NotFound("bootcamp");
        }
        await context.Grain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, userId)).WithdrawAsync(context.Caller);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ProgressResponse>> GetProgressAsync(string bootcampId, string studentId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(ProgressResponse.From(
            await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).GetProgressAsync(context.Caller, bootcampId, studentId)));

    public static async Task<Ok<Paged<MyBootcampResponse>>> ListMineAsync([AsParameters] CallerContext context)
    {
        var mine = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListMineAsync(context.Caller);
        var items = mine.Select(MyBootcampResponse.From).ToList();
        return TypedResults.Ok(new Paged<MyBootcampResponse>(items, 1, Math.Max(items.Count, 1), items.Count));
    }

    private static async Task<BootcampResponse> ToResponseAsync(IClusterClient cluster, BootcampSnapshot snapshot)
    {
        var staffIds = snapshot.InstructorIds.Select(id => (id, "instructor")).Concat(snapshot.MentorIds.Select(id => (id, "mentor")));
        var staff = await Task.WhenAll(staffIds.Select(async member =>
            new StaffMember(member.id, (await cluster.GetGrain<IUserGrain>(member.id).GetProfileAsync())?.DisplayName ?? "", member.Item2)));
        var d = snapshot.Details;
        return new BootcampResponse(snapshot.BootcampId, d.Title, d.Description, d.StartsAt, d.EndsAt, d.Capacity, d.PriceMinor, d.Currency,
            d.Tags, d.Skills, snapshot.EnrolledCount, snapshot.SeatsLeft, snapshot.AssignmentCount, staff, snapshot.CreatedAt,
            d.InstallmentCount, d.IncludedInSubscription);
    }

    private static ImmutableArray<string> Labels(IReadOnlyList<string>? labels) =>
        labels is null ? [] : [.. labels.Select(label => label?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase)];
}

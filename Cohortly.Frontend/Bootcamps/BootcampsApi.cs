using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Bootcamps;

public static class BootcampsApi
{
    public static IEndpointRouteBuilder MapBootcampsApi(this IEndpointRouteBuilder app)
    {
        var bootcamps = app.MapGroup("/api/bootcamps").WithTags("Bootcamps");
        bootcamps.MapPost("/", CreateAsync).RequireAuthorization().WithName("CreateBootcamp").WithSummary("Open a bootcamp (admins, instructors).");
        bootcamps.MapGet("/", SearchAsync).WithName("SearchBootcamps").WithSummary("The catalog, filtered by text and tag.");
        bootcamps.MapGet("/{bootcampId}", GetAsync).WithName("GetBootcamp").WithSummary("One bootcamp with its staff and seats.");
        bootcamps.MapPatch("/{bootcampId}", UpdateAsync).RequireAuthorization().WithName("UpdateBootcamp").WithSummary("Change a bootcamp (its instructors, admins).");
        bootcamps.MapPost("/{bootcampId}/staff", AssignStaffAsync).RequireAuthorization(AuthPolicies.Admin).WithName("AssignStaff").WithSummary("Make a user an instructor or mentor of the bootcamp (admins).");
        bootcamps.MapPost("/{bootcampId}/enrollments", EnrollAsync).RequireAuthorization().WithName("Enroll").WithSummary("Enroll the caller (students); idempotent.");
        bootcamps.MapGet("/{bootcampId}/enrollments", ListEnrollmentsAsync).RequireAuthorization().WithName("ListEnrollments").WithSummary("The roster (staff, admins).");
        bootcamps.MapDelete("/{bootcampId}/enrollments/{userId}", WithdrawAsync).RequireAuthorization().WithName("Withdraw").WithSummary("Withdraw an enrollment (the student, admins).");
        bootcamps.MapGet("/{bootcampId}/progress/{studentId}", GetProgressAsync).RequireAuthorization().WithName("GetProgress").WithSummary("A student's progress (the student, staff, admins).");
        app.MapGet("/api/me/bootcamps", ListMineAsync).RequireAuthorization().WithTags("Bootcamps").WithName("MyBootcamps").WithSummary("The caller's bootcamps with role and progress.");
        return app;
    }

    public static async Task<Results<Created<BootcampResponse>, ValidationProblem>> CreateAsync(
        CreateBootcampRequest request, HttpContext http, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "title", request.Title);
        Require(errors, "startsAt", request.StartsAt);
        Require(errors, "endsAt", request.EndsAt);
        Require(errors, "capacity", request.Capacity);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var details = new BootcampDetails(
            request.Title!.Trim(), request.Description ?? "", request.StartsAt!.Value, request.EndsAt!.Value, request.Capacity!.Value,
            request.PriceMinor ?? 0, request.Currency ?? "USD", Labels(request.Tags), Labels(request.Skills));
        if (BootcampRules.Validate(details) is { Count: > 0 } invalid)
        {
            return Problems.Validation(invalid);
        }
        var bootcampId = SecureTokens.NewId();
        var snapshot = await cluster.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(http.User.ToCaller(), details);
        return TypedResults.Created($"/api/bootcamps/{bootcampId}", await ToResponseAsync(cluster, snapshot));
    }

    public static async Task<Results<Ok<Paged<BootcampSummaryResponse>>, ValidationProblem>> SearchAsync(
        string? q, string? tag, int? page, int? pageSize, IClusterClient cluster)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = paging.Validate();
        if ((q?.Length ?? 0) > 200 || (tag?.Length ?? 0) > BootcampRules.LabelMax)
        {
            errors["q"] = ["q and tag are limited to 200 and 40 characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var slice = await cluster.GetGrain<ICatalogReaderGrain>(0).SearchAsync(q, tag, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<BootcampSummaryResponse>(
            [.. slice.Items.Select(BootcampSummaryResponse.From)], paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<BootcampResponse>, ProblemHttpResult>> GetAsync(string bootcampId, IClusterClient cluster)
    {
        var snapshot = await Bootcamp(cluster, bootcampId).GetAsync();
        return snapshot is null ? Problems.NotFound("bootcamp") : TypedResults.Ok(await ToResponseAsync(cluster, snapshot));
    }

    public static async Task<Results<Ok<BootcampResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string bootcampId, UpdateBootcampRequest request, HttpContext http, IClusterClient cluster)
    {
        var current = await Bootcamp(cluster, bootcampId).GetAsync();
        if (current is null)
        {
            return Problems.NotFound("bootcamp");
        }
        var patch = new BootcampPatch(
            request.Title?.Trim(), request.Description, request.StartsAt, request.EndsAt, request.Capacity, request.PriceMinor, request.Currency,
            request.Tags is null ? null : Labels(request.Tags), request.Skills is null ? null : Labels(request.Skills));
        if (BootcampRules.Validate(patch.ApplyTo(current.Details)) is { Count: > 0 } invalid)
        {
            return Problems.Validation(invalid);
        }
        var updated = await Bootcamp(cluster, bootcampId).UpdateAsync(http.User.ToCaller(), patch);
        return TypedResults.Ok(await ToResponseAsync(cluster, updated));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AssignStaffAsync(
        string bootcampId, AssignStaffRequest request, HttpContext http, IClusterClient cluster)
    {
        var role = request.Role switch
        {
            "instructor" => MemberRole.Instructor,
            "mentor" => MemberRole.Mentor,
            _ => MemberRole.None,
        };
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 64)
        {
            errors["userId"] = ["userId is required."];
        }
        if (role == MemberRole.None)
        {
            errors["role"] = ["role must be \"instructor\" or \"mentor\"."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await Bootcamp(cluster, bootcampId).GetAsync() is null)
        {
            return Problems.NotFound("bootcamp");
        }
        await Bootcamp(cluster, bootcampId).AssignStaffAsync(http.User.ToCaller(), request.UserId!, role);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<EnrollmentResponse>, ProblemHttpResult>> EnrollAsync(
        string bootcampId, HttpContext http, IClusterClient cluster)
    {
        var caller = http.User.ToCaller();
        if (bootcampId.Length > 64)
        {
            return Problems.NotFound("bootcamp");
        }
        var enrollment = await cluster.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, caller.UserId)).EnrollAsync(caller);
        return TypedResults.Created($"/api/bootcamps/{bootcampId}/enrollments/{caller.UserId}", EnrollmentResponse.From(enrollment));
    }

    public static async Task<Results<Ok<Paged<RosterEntryResponse>>, ValidationProblem, ProblemHttpResult>> ListEnrollmentsAsync(
        string bootcampId, int? page, int? pageSize, HttpContext http, IClusterClient cluster)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var bootcamp = Bootcamp(cluster, bootcampId);
        if (await bootcamp.GetAsync() is null)
        {
            return Problems.NotFound("bootcamp");
        }
        var caller = http.User.ToCaller();
        if (!caller.IsAdmin && await bootcamp.GetStaffRoleAsync(caller.UserId) == MemberRole.None)
        {
            return Problems.Forbidden("Only the bootcamp's staff and admins can see its roster.");
        }
        var total = await bootcamp.GetRosterLengthAsync();
        var entries = await SlotPages.ReadAsync<RosterEntryResponse>(paging, total, IRosterPageGrain.Size, async rosterPage =>
            (await cluster.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, rosterPage)).GetEntriesAsync())
                .Select(e => new RosterEntryResponse(e.UserId, e.DisplayName, EnrollmentResponse.StatusName(e.Status), e.EnrolledAt)).ToList());
        return TypedResults.Ok(new Paged<RosterEntryResponse>(entries, paging.PageNumber, paging.Size, total));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAsync(
        string bootcampId, string userId, HttpContext http, IClusterClient cluster)
    {
        if (bootcampId.Length > 64 || userId.Length > 64 || await Bootcamp(cluster, bootcampId).GetAsync() is null)
        {
            return Problems.NotFound("bootcamp");
        }
        await cluster.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, userId)).WithdrawAsync(http.User.ToCaller());
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ProgressResponse>, ProblemHttpResult>> GetProgressAsync(
        string bootcampId, string studentId, HttpContext http, IClusterClient cluster)
    {
        var bootcamp = Bootcamp(cluster, bootcampId);
        var snapshot = await bootcamp.GetAsync();
        if (snapshot is null)
        {
            return Problems.NotFound("bootcamp");
        }
        var caller = http.User.ToCaller();
        if (caller.UserId != studentId && !caller.IsAdmin && await bootcamp.GetStaffRoleAsync(caller.UserId) == MemberRole.None)
        {
            return Problems.Forbidden("Only the student, the bootcamp's staff and admins can see this progress.");
        }
        var enrollment = await cluster.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, studentId)).GetAsync();
        if (enrollment.Status == EnrollmentStatus.None)
        {
            return Problems.NotFound("student in this bootcamp");
        }
        return TypedResults.Ok(await ProgressAsync(cluster, bootcampId, studentId, snapshot.AssignmentCount));
    }

    public static async Task<Ok<Paged<MyBootcampResponse>>> ListMineAsync(HttpContext http, IClusterClient cluster)
    {
        var userId = http.User.UserIdOf();
        var memberships = await cluster.GetGrain<IUserMembershipsGrain>(userId).ListAsync();
        var rows = await Task.WhenAll(memberships.Select(async membership =>
        {
            var snapshot = await Bootcamp(cluster, membership.BootcampId).GetAsync();
            if (snapshot is null)
            {
                return null;
            }
            var progress = membership.Role == MemberRole.Student
                ? await ProgressAsync(cluster, membership.BootcampId, userId, snapshot.AssignmentCount)
                : null;
            return new MyBootcampResponse(snapshot.BootcampId, snapshot.Details.Title, membership.Role.ToString().ToLowerInvariant(),
                snapshot.Details.StartsAt, snapshot.Details.EndsAt, progress);
        }));
        var items = rows.OfType<MyBootcampResponse>().OrderBy(row => row.StartsAt).ToList();
        return TypedResults.Ok(new Paged<MyBootcampResponse>(items, 1, Math.Max(items.Count, 1), items.Count));
    }

    internal static async Task<ProgressResponse> ProgressAsync(IClusterClient cluster, string bootcampId, string studentId, int totalAssignments)
    {
        var progress = await cluster.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, studentId)).GetAsync(totalAssignments);
        return new ProgressResponse(progress.CompletedAssignments, progress.TotalAssignments, progress.AverageScorePercent, progress.LateCount);
    }

    private static async Task<BootcampResponse> ToResponseAsync(IClusterClient cluster, BootcampSnapshot snapshot)
    {
        var staffIds = snapshot.InstructorIds.Select(id => (id, "instructor")).Concat(snapshot.MentorIds.Select(id => (id, "mentor")));
        var staff = await Task.WhenAll(staffIds.Select(async member =>
            new StaffMember(member.id, (await cluster.GetGrain<IUserGrain>(member.id).GetProfileAsync())?.DisplayName ?? "", member.Item2)));
        var d = snapshot.Details;
        return new BootcampResponse(snapshot.BootcampId, d.Title, d.Description, d.StartsAt, d.EndsAt, d.Capacity, d.PriceMinor, d.Currency,
            d.Tags, d.Skills, snapshot.EnrolledCount, snapshot.SeatsLeft, snapshot.AssignmentCount, staff, snapshot.CreatedAt);
    }

    internal static IBootcampGrain Bootcamp(IClusterClient cluster, string bootcampId) => cluster.GetGrain<IBootcampGrain>(bootcampId);

    internal static void Require<T>(Dictionary<string, string[]> errors, string field, T? value)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            errors[field] = [$"{field} is required."];
        }
    }

    private static ImmutableArray<string> Labels(IReadOnlyList<string>? labels) =>
        labels is null ? [] : [.. labels.Select(label => label?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase)];
}

using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Bootcamps;
using Cohortly.Frontend.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Assignments;

public static class AssignmentsApi
{
    public static IEndpointRouteBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/bootcamps/{bootcampId}/assignments", CreateAsync).RequireAuthorization().WithTags("Assignments")
            .WithName("CreateAssignment").WithSummary("Set an assignment (instructors of the bootcamp).");
        app.MapGet("/api/bootcamps/{bootcampId}/assignments", ListAsync).RequireAuthorization().WithTags("Assignments")
            .WithName("ListAssignments").WithSummary("A bootcamp's assignments by due date (members, admins).");

        var assignments = app.MapGroup("/api/assignments/{assignmentId}").WithTags("Assignments").RequireAuthorization();
        assignments.MapGet("/", GetAsync).WithName("GetAssignment").WithSummary("One assignment (members, admins).");
        assignments.MapPatch("/", UpdateAsync).WithName("UpdateAssignment").WithSummary("Move the due date, close or reopen, set the late policy (instructors).");
        assignments.MapPut("/extensions/{studentId}", GrantExtensionAsync).WithName("GrantExtension").WithSummary("A later due date for one student (instructors).");
        assignments.MapPost("/submissions", SubmitAsync).WithName("Submit").WithSummary("Submit a new version (the enrolled student).");
        assignments.MapGet("/submissions", ListSubmissionsAsync).WithName("ListSubmissions")
            .WithSummary("Staff: the latest submission per student. A student: their own versions, newest first.");
        assignments.MapGet("/submissions/{studentId}", GetSummaryAsync).WithName("GetSubmissionSummary")
            .WithSummary("A student's standing: latest version, grade, extended due date (the student, staff, admins).");
        assignments.MapGet("/submissions/{studentId}/versions/{version:int}", GetVersionAsync).WithName("GetSubmissionVersion")
            .WithSummary("One version of a student's work (the student, staff, admins).");
        assignments.MapPut("/submissions/{studentId}/grade", GradeAsync).WithName("Grade")
            .WithSummary("Grade the student's latest version; the late policy sets the published score (instructors).");
        return app;
    }

    public static async Task<Results<Created<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string bootcampId, CreateAssignmentRequest request, HttpContext http, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        BootcampsApi.Require(errors, "title", request.Title);
        BootcampsApi.Require(errors, "dueAt", request.DueAt);
        BootcampsApi.Require(errors, "maxScore", request.MaxScore);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var details = new AssignmentDetails(
            request.Title!.Trim(), request.Description ?? "", request.DueAt!.Value, request.MaxScore!.Value,
            [.. (request.AllowedExtensions ?? []).Select(e => (e ?? "").Trim().ToLowerInvariant()).Distinct()],
            request.MaxFileBytes ?? 10 * 1024 * 1024,
            ToPolicy(request.LatePolicy) ?? LatePolicy.None);
        if (AssignmentRules.Validate(details) is { Count: > 0 } invalid)
        {
            return Problems.Validation(invalid);
        }
        if (await BootcampsApi.Bootcamp(cluster, bootcampId).GetAsync() is null)
        {
            return Problems.NotFound("bootcamp");
        }
        var assignmentId = SecureTokens.NewId();
        var snapshot = await cluster.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(http.User.ToCaller(), bootcampId, details);
        return TypedResults.Created($"/api/assignments/{assignmentId}", AssignmentResponse.From(snapshot));
    }

    public static async Task<Results<Ok<Paged<AssignmentResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string bootcampId, int? page, int? pageSize, HttpContext http, IClusterClient cluster)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var bootcamp = BootcampsApi.Bootcamp(cluster, bootcampId);
        if (await bootcamp.GetAsync() is null)
        {
            return Problems.NotFound("bootcamp");
        }
        if (await RequireMemberAsync(cluster, http, bootcampId) is { } refusal)
        {
            return refusal;
        }
        var ids = await bootcamp.GetAssignmentIdsAsync();
        var snapshots = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IAssignmentGrain>(id).GetAsync()));
        var ordered = snapshots.OfType<AssignmentSnapshot>().OrderBy(a => a.Details.DueAt).ThenBy(a => a.Details.Title, StringComparer.OrdinalIgnoreCase).ToList();
        var items = ordered.Skip((paging.PageNumber - 1) * paging.Size).Take(paging.Size).Select(AssignmentResponse.From).ToList();
        return TypedResults.Ok(new Paged<AssignmentResponse>(items, paging.PageNumber, paging.Size, ordered.Count));
    }

    public static async Task<Results<Ok<AssignmentResponse>, ProblemHttpResult>> GetAsync(string assignmentId, HttpContext http, IClusterClient cluster)
    {
        var snapshot = await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync();
        if (snapshot is null)
        {
            return Problems.NotFound("assignment");
        }
        return await RequireMemberAsync(cluster, http, snapshot.BootcampId) is { } refusal
            ? refusal
            : TypedResults.Ok(AssignmentResponse.From(snapshot));
    }

    public static async Task<Results<Ok<AssignmentResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string assignmentId, UpdateAssignmentRequest request, HttpContext http, IClusterClient cluster)
    {
        var assignment = cluster.GetGrain<IAssignmentGrain>(assignmentId);
        var current = await assignment.GetAsync();
        if (current is null)
        {
            return Problems.NotFound("assignment");
        }
        var policy = ToPolicy(request.LatePolicy);
        var preview = current.Details with { DueAt = request.DueAt ?? current.Details.DueAt, LatePolicy = policy ?? current.Details.LatePolicy };
        if (AssignmentRules.Validate(preview) is { Count: > 0 } invalid)
        {
            return Problems.Validation(invalid);
        }
        var updated = await assignment.UpdateAsync(http.User.ToCaller(), new AssignmentPatch(request.DueAt, request.Closed, policy));
        return TypedResults.Ok(AssignmentResponse.From(updated));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> GrantExtensionAsync(
        string assignmentId, string studentId, ExtensionRequest request, HttpContext http, IClusterClient cluster)
    {
        if (request.DueAt is null)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["dueAt"] = ["dueAt is required."] });
        }
        if (await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync() is null)
        {
            return Problems.NotFound("assignment");
        }
        await Submission(cluster, assignmentId, studentId).GrantExtensionAsync(http.User.ToCaller(), request.DueAt.Value);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<SubmissionReceiptResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string assignmentId, SubmitRequest request, HttpContext http, IClusterClient cluster)
    {
        var fileIds = request.FileIds ?? [];
        var errors = new Dictionary<string, string[]>();
        if ((request.Text?.Length ?? 0) > AssignmentRules.TextMax)
        {
            errors["text"] = [$"text must be at most {AssignmentRules.TextMax} characters."];
        }
        if (fileIds.Count > AssignmentRules.MaxFilesPerSubmission || fileIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > 64))
        {
            errors["fileIds"] = [$"fileIds: at most {AssignmentRules.MaxFilesPerSubmission} file ids."];
        }
        if (string.IsNullOrWhiteSpace(request.Text) && fileIds.Count == 0)
        {
            errors["text"] = ["A submission needs text or at least one file."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync() is null)
        {
            return Problems.NotFound("assignment");
        }
        var caller = http.User.ToCaller();
        var receipt = await Submission(cluster, assignmentId, caller.UserId).SubmitAsync(caller, request.Text, fileIds);
        return TypedResults.Created($"/api/assignments/{assignmentId}/submissions/{caller.UserId}/versions/{receipt.Version}",
            new SubmissionReceiptResponse(receipt.Version, receipt.SubmittedAt, receipt.Late));
    }

    public static async Task<Results<Ok<Paged<SubmissionSummaryResponse>>, Ok<Paged<SubmissionVersionResponse>>, ValidationProblem, ProblemHttpResult>> ListSubmissionsAsync(
        string assignmentId, int? page, int? pageSize, HttpContext http, IClusterClient cluster)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }
        var assignment = await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync();
        if (assignment is null)
        {
            return Problems.NotFound("assignment");
        }
        var caller = http.User.ToCaller();
        var role = await cluster.RoleInAsync(assignment.BootcampId, caller.UserId);
        if (role == MemberRole.Student)
        {
            var submission = Submission(cluster, assignmentId, caller.UserId);
            var versions = await submission.ListVersionsAsync(caller, paging.PageNumber, paging.Size);
            var grade = await submission.GetGradeAsync(caller);
            return TypedResults.Ok(new Paged<SubmissionVersionResponse>(
                [.. versions.Items.Select(v => SubmissionVersionResponse.From(v, grade))], paging.PageNumber, paging.Size, versions.Total));
        }
        if (role == MemberRole.None && !caller.IsAdmin)
        {
            return Problems.Forbidden("Only the bootcamp's members can see submissions.");
        }
        var total = await cluster.GetGrain<ISubmissionIndexGrain>(assignmentId).CountAsync();
        var rows = await SlotPages.ReadAsync<SubmissionSummaryResponse>(paging, total, ISubmissionIndexPageGrain.Size, async indexPage =>
            (await cluster.GetGrain<ISubmissionIndexPageGrain>(ISubmissionIndexPageGrain.KeyOf(assignmentId, indexPage)).GetEntriesAsync())
                .Select(SubmissionSummaryResponse.From).ToList());
        return TypedResults.Ok(new Paged<SubmissionSummaryResponse>(rows, paging.PageNumber, paging.Size, total));
    }

    public static async Task<Results<Ok<SubmissionSummaryResponse>, ProblemHttpResult>> GetSummaryAsync(
        string assignmentId, string studentId, HttpContext http, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync() is null)
        {
            return Problems.NotFound("assignment");
        }
        var summary = await Submission(cluster, assignmentId, studentId).GetSummaryAsync(http.User.ToCaller());
        return summary is null ? Problems.NotFound("submission") : TypedResults.Ok(SubmissionSummaryResponse.From(summary));
    }

    public static async Task<Results<Ok<SubmissionVersionResponse>, ProblemHttpResult>> GetVersionAsync(
        string assignmentId, string studentId, int version, HttpContext http, IClusterClient cluster)
    {
        if (await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync() is null)
        {
            return Problems.NotFound("assignment");
        }
        var caller = http.User.ToCaller();
        var submission = Submission(cluster, assignmentId, studentId);
        var found = await submission.GetVersionAsync(caller, version);
        return TypedResults.Ok(SubmissionVersionResponse.From(found, await submission.GetGradeAsync(caller)));
    }

    public static async Task<Results<Ok<GradeResponse>, ValidationProblem, ProblemHttpResult>> GradeAsync(
        string assignmentId, string studentId, GradeRequest request, HttpContext http, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        BootcampsApi.Require(errors, "score", request.Score);
        if ((request.Feedback?.Length ?? 0) > AssignmentRules.FeedbackMax)
        {
            errors["feedback"] = [$"feedback must be at most {AssignmentRules.FeedbackMax} characters."];
        }
        var assignment = await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync();
        if (assignment is not null && request.Score is { } score && (score < 0 || score > assignment.Details.MaxScore))
        {
            errors["score"] = [$"score must be between 0 and {assignment.Details.MaxScore}."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (assignment is null)
        {
            return Problems.NotFound("assignment");
        }
        var grade = await Submission(cluster, assignmentId, studentId).GradeAsync(http.User.ToCaller(), request.Score!.Value, request.Feedback ?? "");
        return TypedResults.Ok(GradeResponse.From(grade)!);
    }

    private static ISubmissionGrain Submission(IClusterClient cluster, string assignmentId, string studentId) =>
        cluster.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, studentId));

    private static LatePolicy? ToPolicy(LatePolicyBody? body) =>
        body is null ? null : new LatePolicy(body.PercentPerDay ?? 0, body.FloorPercent ?? 0);

    private static async Task<ProblemHttpResult?> RequireMemberAsync(IClusterClient cluster, HttpContext http, string bootcampId)
    {
        var caller = http.User.ToCaller();
        return caller.IsAdmin || await cluster.RoleInAsync(bootcampId, caller.UserId) != MemberRole.None
            ? null
            : Problems.Forbidden("Only the bootcamp's members can see its assignments.");
    }
}

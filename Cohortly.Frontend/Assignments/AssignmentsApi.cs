using Cohortly.Assignments;
using Cohortly.Common;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Assignments;

public static class AssignmentsApi
{
    public static IEndpointRouteBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/bootcamps/{bootcampId}/assignments", CreateAsync).RequireAuthorization().WithTags("Assignments")
            .WithName("CreateAssignment").WithSummary("Set an assignment (instructors of the bootcamp).")
            .WithDescription("The bootcamp's instructors (403 for others). `allowedExtensions` limits the files a submission may carry " +
                "(empty: any accepted type), `maxFileBytes` their size; `latePolicy` takes `percentPerDay` off a late score down to `floorPercent`. " +
                "A bootcamp holds a bounded number of assignments (409 `too-many-assignments`).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        app.MapGet("/api/bootcamps/{bootcampId}/assignments", ListAsync).RequireAuthorization().WithTags("Assignments")
            .WithName("ListAssignments").WithSummary("A bootcamp's assignments by due date (members, admins).")
            .WithDescription("Members of the bootcamp (students, mentors, instructors) and admins; 403 for others, 404 for an unknown bootcamp.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        app.MapGet("/api/bootcamps/{bootcampId}/gradebook", GetGradebookAsync).RequireAuthorization().WithTags("Assignments")
            .WithName("GetGradebook").WithSummary("Every enrolled student × every assignment: status, published score, late (staff, admins).")
            .WithDescription("The bootcamp's instructors and mentors and admins (403 for others, 404 for an unknown bootcamp). Students who have " +
                "handed nothing in are listed with `missing` cells; a missing cell is `late` once its (extended) due date has passed. " +
                "`?format=csv` answers the same table as `text/csv` (RFC 4180), three columns per assignment: score, status, late.")
            .ProducesContent(StatusCodes.Status200OK, "text/csv", "`?format=csv`: one row per student.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var assignments = app.MapGroup("/api/assignments/{assignmentId}").WithTags("Assignments").RequireAuthorization();
        assignments.MapGet("/", GetAsync).WithName("GetAssignment").WithSummary("One assignment (members, admins).")
            .WithDescription("Members of the assignment's bootcamp and admins; 403 for others, 404 for an unknown assignment.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapPatch("/", UpdateAsync).WithName("UpdateAssignment").WithSummary("Move the due date, close or reopen, set the late policy (instructors).")
            .WithDescription("A merge patch: fields left out or null stay as they are. The bootcamp's instructors (403 for others); the result is checked as a whole (field errors).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapPut("/extensions/{studentId}", GrantExtensionAsync).WithName("GrantExtension").WithSummary("A later due date for one student (instructors).")
            .WithDescription("The bootcamp's instructors (403 for others). The new due date must be after the assignment's; 404 when the student is not enrolled.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapPost("/submissions", SubmitAsync).WithName("Submit").WithSummary("Submit a new version (the enrolled student).")
            .WithDescription("Students enrolled in the bootcamp submit their own work (403 for others): text, files uploaded with purpose `submission`, or both. " +
                "Every submission is a new version; earlier ones stay readable. 409 `assignment-closed` when the instructor has closed it.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        assignments.MapGet("/submissions", ListSubmissionsAsync).WithName("ListSubmissions")
            .WithSummary("Staff: the latest submission per student. A student: their own versions, newest first.")
            .WithDescription("Members of the bootcamp and admins (403 for others). Staff and admins get a page of each student's latest submission " +
                "with its grade; a student gets a page of their own versions. The two shapes are told apart by their items' fields.")
            .ProducesAnyOf<Paged<SubmissionSummaryResponse>, Paged<SubmissionVersionResponse>>(StatusCodes.Status200OK,
                "Staff: PagedOfSubmissionSummaryResponse. A student: PagedOfSubmissionVersionResponse.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapGet("/submissions/{studentId}", GetSummaryAsync).WithName("GetSubmissionSummary")
            .WithSummary("A student's standing: latest version, grade, extended due date (the student, staff, admins).")
            .WithDescription("The student, the bootcamp's staff and admins (403 for others); 404 when the student has not submitted.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapGet("/submissions/{studentId}/versions/{version:int}", GetVersionAsync).WithName("GetSubmissionVersion")
            .WithSummary("One version of a student's work (the student, staff, admins).")
            .WithDescription("The text, the attached files and, when this version was graded, its grade. The student, staff and admins (403 for others); 404 for a version that does not exist.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        assignments.MapPut("/submissions/{studentId}/grade", GradeAsync).WithName("Grade")
            .WithSummary("Grade the student's latest version; the late policy sets the published score (instructors).")
            .WithDescription("The bootcamp's instructors (403 for others). The score is between 0 and the assignment's maximum (field error otherwise); " +
                "grading again replaces the grade. 404 when the student has not submitted.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Created<AssignmentResponse>, ValidationProblem>> CreateAsync(
        string bootcampId, CreateAssignmentRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.Require("title", request.Title);
        errors.Require("dueAt", request.DueAt);
        errors.Require("maxScore", request.MaxScore);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var details = new AssignmentDetails(
            request.Title!.Trim(), request.Description ?? "", request.DueAt!.Value, request.MaxScore!.Value,
            [.. (request.AllowedExtensions ?? []).Select(e => (e ?? "").Trim().ToLowerInvariant()).Distinct()],
            request.MaxFileBytes ?? 10 * 1024 * 1024,
            ToPolicy(request.LatePolicy) ?? LatePolicy.None);
        errors.AddAll(AssignmentRules.Validate(details));
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the id comes from the key, so a retry after a crash reaches the assignment the first made.
        var assignmentId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var snapshot = await context.Grain<IAssignmentGrain>(assignmentId).CreateAsync(context.Caller, bootcampId, details);
        return TypedResults.Created($"/api/assignments/{assignmentId}", AssignmentResponse.From(snapshot));
    }

    public static async Task<Results<Ok<Paged<AssignmentResponse>>, ValidationProblem>> ListAsync(
        string bootcampId, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var slice = await Reader(context).ListAsync(context.Caller, bootcampId, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<AssignmentResponse>([.. slice.Items.Select(AssignmentResponse.From)], paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<GradebookResponse>, PushStreamHttpResult, ValidationProblem>> GetGradebookAsync(
        string bootcampId, string? format, [AsParameters] CallerContext context)
    {
        if (format is not (null or "json" or "csv"))
        {
            return FieldErrors.Of("format", "format is json (the default) or csv.").ToProblem();
        }
        var gradebook = await context.Grain<IGradebookReaderGrain>(IGradebookReaderGrain.Key).GetGradebookAsync(context.Caller, bootcampId);
        if (format != "csv")
        {
            return TypedResults.Ok(GradebookResponse.From(gradebook));
        }
        return TypedResults.Stream(stream => WriteGradebookCsvAsync(gradebook, stream), "text/csv; charset=utf-8", $"gradebook-{bootcampId}.csv");
    }

    private static async Task WriteGradebookCsvAsync(Gradebook gradebook, Stream stream)
    {
        await using var csv = new CsvWriter(stream);
        await csv.WriteRowAsync(["Student id", "Student", .. gradebook.Assignments.SelectMany(a =>
        {
            var title = CsvWriter.Text(a.Details.Title);
            return new[] { $"{title} (score of {CsvWriter.Number(a.Details.MaxScore)})", $"{title} (status)", $"{title} (late)" };
        })]);
        foreach (var row in gradebook.Rows)
        {
            await csv.WriteRowAsync([row.StudentId, CsvWriter.Text(row.DisplayName), .. row.Cells.SelectMany(cell => new[]
            {
                CsvWriter.Number(cell.Grade?.PublishedScore), AssignmentResponse.StatusName(cell.Status), cell.Late ? "yes" : "no",
            })]);
        }
    }

    public static async Task<Ok<AssignmentResponse>> GetAsync(string assignmentId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(AssignmentResponse.From(await Reader(context).GetAsync(context.Caller, assignmentId)));

    /// <summary>The grain applies the patch and checks the result against <see cref="AssignmentRules"/>, answering field errors.</summary>
    public static async Task<Ok<AssignmentResponse>> UpdateAsync(string assignmentId, UpdateAssignmentRequest request, [AsParameters] CallerContext context)
    {
        var patch = new AssignmentPatch(request.DueAt, request.Closed, ToPolicy(request.LatePolicy));
        return TypedResults.Ok(AssignmentResponse.From(await context.Grain<IAssignmentGrain>(assignmentId).UpdateAsync(context.Caller, patch)));
    }

    public static async Task<Results<NoContent, ValidationProblem>> GrantExtensionAsync(
        string assignmentId, string studentId, ExtensionRequest request, [AsParameters] CallerContext context)
    {
        if (request.DueAt is null)
        {
            return FieldErrors.Of("dueAt", "dueAt is required.").ToProblem();
        }
        await Submission(context, assignmentId, studentId).GrantExtensionAsync(context.Caller, request.DueAt.Value);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<SubmissionReceiptResponse>, ValidationProblem>> SubmitAsync(
        string assignmentId, SubmitRequest request, [AsParameters] CallerContext context)
    {
        var fileIds = request.FileIds ?? [];
        var errors = new FieldErrors();
        if ((request.Text?.Length ?? 0) > AssignmentRules.TextMax)
        {
            errors.Add("text", $"text must be at most {AssignmentRules.TextMax} characters.");
        }
        if (fileIds.Count > AssignmentRules.MaxFilesPerSubmission || fileIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > 64))
        {
            errors.Add("fileIds", $"fileIds: at most {AssignmentRules.MaxFilesPerSubmission} file ids.");
        }
        if (string.IsNullOrWhiteSpace(request.Text) && fileIds.Count == 0)
        {
            errors.Add("text", "A submission needs text or at least one file.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var caller = context.Caller;
        var submission = Submission(context, assignmentId, caller.UserId);
        var receipt = Idempotency.RequestId(context.Http) is { } requestId
            ? await submission.SubmitOnceAsync(caller, requestId, request.Text, fileIds)
            : await submission.SubmitAsync(caller, request.Text, fileIds);
        return TypedResults.Created($"/api/assignments/{assignmentId}/submissions/{caller.UserId}/versions/{receipt.Version}",
            new SubmissionReceiptResponse(receipt.Version, receipt.SubmittedAt, receipt.Late));
    }

    public static async Task<Results<Ok<Paged<SubmissionSummaryResponse>>, Ok<Paged<SubmissionVersionResponse>>, ValidationProblem>> ListSubmissionsAsync(
        string assignmentId, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var listing = await Reader(context).ListSubmissionsAsync(context.Caller, assignmentId, paging.PageNumber, paging.Size);
        if (listing.OwnVersions is { } versions)
        {
            return TypedResults.Ok(new Paged<SubmissionVersionResponse>(
                [.. versions.Items.Select(v => SubmissionVersionResponse.From(v, listing.OwnGrade))], paging.PageNumber, paging.Size, versions.Total));
        }
        var latest = listing.Latest!;
        return TypedResults.Ok(new Paged<SubmissionSummaryResponse>(
            [.. latest.Items.Select(SubmissionSummaryResponse.From)], paging.PageNumber, paging.Size, latest.Total));
    }

    public static async Task<Results<Ok<SubmissionSummaryResponse>, ProblemHttpResult>> GetSummaryAsync(
        string assignmentId, string studentId, [AsParameters] CallerContext context)
    {
        var summary = await Submission(context, assignmentId, studentId).GetSummaryAsync(context.Caller);
        return summary is null ? Problems.NotFound("submission") : TypedResults.Ok(SubmissionSummaryResponse.From(summary));
    }

    public static async Task<Ok<SubmissionVersionResponse>> GetVersionAsync(
        string assignmentId, string studentId, int version, [AsParameters] CallerContext context)
    {
        var submission = Submission(context, assignmentId, studentId);
        var found = await submission.GetVersionAsync(context.Caller, version);
        return TypedResults.Ok(SubmissionVersionResponse.From(found, await submission.GetGradeAsync(context.Caller)));
    }

    /// <summary>The grain checks the score against the assignment's maximum, answering a field error.</summary>
    public static async Task<Results<Ok<GradeResponse>, ValidationProblem>> GradeAsync(
        string assignmentId, string studentId, GradeRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.Require("score", request.Score);
        if ((request.Feedback?.Length ?? 0) > AssignmentRules.FeedbackMax)
        {
            errors.Add("feedback", $"feedback must be at most {AssignmentRules.FeedbackMax} characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var grade = await Submission(context, assignmentId, studentId).GradeAsync(context.Caller, request.Score!.Value, request.Feedback ?? "");
        return TypedResults.Ok(GradeResponse.From(grade)!);
    }

    private static IAssignmentReaderGrain Reader(CallerContext context) => context.Grain<IAssignmentReaderGrain>(IAssignmentReaderGrain.Key);

    private static ISubmissionGrain Submission(CallerContext context, string assignmentId, string studentId) =>
        context.Grain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, studentId));

    private static LatePolicy? ToPolicy(LatePolicyBody? body) =>
        body is null ? null : new LatePolicy(body.PercentPerDay ?? 0, body.FloorPercent ?? 0);
}

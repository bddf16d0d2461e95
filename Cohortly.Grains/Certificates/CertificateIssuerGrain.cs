using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Certificates;

/// <summary>
/// Listens to one bootcamp's event stream and, on each published grade, issues the student's certificate when the
/// bootcamp's rule is met. A redelivered grade event asks again and gets the same certificate: issuing is keyed by
/// bootcamp and student, so duplicates change nothing and no event-id list is needed here.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("certificateissuer")]
public sealed class CertificateIssuerGrain(ILogger<CertificateIssuerGrain> logger) : Grain, ICertificateIssuerGrain, IStreamSubscriptionObserver
{
    private string BootcampId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    private Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token) =>
        domainEvent is GradePublished grade ? ConsiderAsync(grade.StudentId) : Task.CompletedTask;

    private async Task ConsiderAsync(string studentId)
    {
        var settings = await GrainFactory.GetGrain<ICertificateSettingsGrain>(BootcampId).CurrentAsync();
        if (!settings.AutoIssue || await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).GetAsync() is not { } bootcamp)
        {
            return;
        }
        var progressGrain = GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(BootcampId, studentId));
        var progress = await progressGrain.GetAsync(bootcamp.AssignmentCount);
        var graded = await progressGrain.GetGradedCountAsync();
        if (!CertificateRules.IsMet(settings, bootcamp.AssignmentCount, graded, progress.AverageScorePercent))
        {
            return;
        }
        try
        {
            await GrainFactory.GetGrain<ICertificateGrain>(ICertificateGrain.KeyOf(BootcampId, studentId)).IssueByRuleAsync();
        }
        catch (DomainException refused)
        {
            // A student who withdrew after the grade: nothing to issue, and nothing a retry would change.
            logger.LogInformation("No certificate for {StudentId} in {BootcampId}: {Reason}", studentId, BootcampId, refused.Message);
        }
    }
}

using Cohortly.Silo.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Grains.Tests.Persistence;

/// <summary>Reminder rows written through the group commit are the rows Orleans' ADO.NET reminder table reads back.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GroupCommitReminderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AReminderRowWrittenInAGroupReadsBackAndOnlyItsCurrentETagRemovesIt()
    {
        var reminders = fixture.PrimarySiloServices.GetRequiredService<IReminderTable>();
        Assert.IsType<GroupCommitSqliteReminders>(reminders);
        var grain = GrainId.Create("enrollment", $"reminder-test/{Guid.NewGuid():N}");
        // Far off, so the reminder service never fires these on the shared cluster before they are removed.
        var start = new DateTime(2099, 12, 7, 17, 0, 0, 250, DateTimeKind.Utc);

        var etags = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            reminders.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = $"r{i}", StartAt = start, Period = TimeSpan.FromMinutes(i + 1) })));
        var first = await reminders.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "r0", StartAt = start.AddMinutes(5), Period = TimeSpan.FromSeconds(90) });

        var rows = (await reminders.ReadRows(grain)).Reminders.OrderBy(row => row.ReminderName, StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"r{i}"), rows.Select(row => row.ReminderName));
        Assert.Equal((start.AddMinutes(5), TimeSpan.FromSeconds(90), first), (rows[0].StartAt, rows[0].Period, rows[0].ETag));
        Assert.Equal((start, TimeSpan.FromMinutes(8), etags[7]), (rows[7].StartAt, rows[7].Period, rows[7].ETag));

        Assert.False(await reminders.RemoveRow(grain, "r0", etags[0]!));
        Assert.True(await reminders.RemoveRow(grain, "r0", first!));
        Assert.Null(await reminders.ReadRow(grain, "r0"));
        Assert.NotNull(await reminders.ReadRow(grain, "r1"));
        foreach (var row in rows.Skip(1))
        {
            Assert.True(await reminders.RemoveRow(grain, row.ReminderName, row.ETag!));
        }
    }
}

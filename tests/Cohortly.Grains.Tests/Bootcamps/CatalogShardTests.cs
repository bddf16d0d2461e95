using System.Collections.Immutable;
using System.Diagnostics;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Cohortly.Grains.Tests.Bootcamps;

/// <summary>
/// The catalog in <see cref="ICatalogShardGrain.Shards"/> slices: what a change writes, and how the one-grain catalog that
/// earlier versions stored moves into the slices. Each test has a one-silo cluster of its own, so no other test's seat
/// counts write the shards it watches.
/// </summary>
public sealed class CatalogShardTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ACatalogStoredByAnEarlierVersionMovesIntoTheShardsOnceEvenWhenTheMoveIsCutShort()
    {
        using var data = new TempDirectory("cohortly-catalog-move");
        var cluster = ClusterFixture.On(data.Path, 1, new Dictionary<string, string>());
        await cluster.InitializeAsync();
        try
        {
            var grains = cluster.Grains;
            var storage = cluster.PrimarySiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);
            var oldCatalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetGrainId();
            var rows = Enumerable.Range(0, 320).Select(i => Row($"old-{i:D4}", startsInDays: i % 7, title: $"Bootcamp {i % 11}")).ToList();
            Assert.All(Enumerable.Range(0, ICatalogShardGrain.Shards),
                shard => Assert.Contains(rows, row => ICatalogShardGrain.ShardOf(row.BootcampId) == shard));
            await storage.WriteStateAsync("catalog", oldCatalog,
                new GrainState<CatalogState>(new CatalogState { Entries = rows.ToDictionary(row => row.BootcampId) }));

            // The move is cut short twice: the old catalog loses its third "taken" mark, and shard 5 its own mark after
            // its rows were stored and reported.
            StorageFaults.Shared.FailWrite("catalog", oldCatalog, nth: 3);
            StorageFaults.Shared.FailWrite("catalog-shard", grains.GetGrain<ICatalogShardGrain>(5).GetGrainId(), nth: 2);
            var reader = grains.GetGrain<ICatalogReaderGrain>(0);
            await Assert.ThrowsAnyAsync<Exception>(() => reader.SearchAsync(null, null, 1, 1000));
            Assert.Equal(rows.Count, (await StoredAsync(storage, oldCatalog)).State!.Entries.Count);

            var listed = await Eventually.Until(() => reader.SearchAsync(null, null, 1, 1000), page => page.Total == rows.Count,
                TimeSpan.FromSeconds(10), "the catalog to list every old row");
            Assert.Equal(
                rows.OrderBy(row => row.Details.StartsAt).ThenBy(row => row.Details.Title, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(row => row.BootcampId, StringComparer.Ordinal).Select(row => row.BootcampId),
                listed.Items.Select(row => row.BootcampId));
            Assert.Equal(rows.Select(row => row.BootcampId).Order(StringComparer.Ordinal),
                (await grains.GetCatalogAsync()).Select(row => row.BootcampId).Order(StringComparer.Ordinal));
            Assert.Equal(rows.Select(row => row.BootcampId).Order(StringComparer.Ordinal), await WalkIdsAsync(grains));
            for (var shard = 0; shard < ICatalogShardGrain.Shards; shard++)
            {
                Assert.All(await grains.GetGrain<ICatalogShardGrain>(shard).GetAllAsync(), row => Assert.Equal(shard, ICatalogShardGrain.ShardOf(row.BootcampId)));
            }
            var emptied = (await StoredAsync(storage, oldCatalog)).State!;
            Assert.Empty(emptied.Entries);
            Assert.Empty(emptied.ShardsDone);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASeatChangeWritesOnlyItsBootcampsShardAndASixteenthOfTheCatalog()
    {
        const int Bootcamps = 2000;
        const int Changes = 50;
        using var data = new TempDirectory("cohortly-catalog-shards");
        var cluster = ClusterFixture.On(data.Path, 1, new Dictionary<string, string>());
        await cluster.InitializeAsync();
        try
        {
            var grains = cluster.Grains;
            var rows = Enumerable.Range(0, Bootcamps).Select(i => Row($"filler-{i:D5}", startsInDays: i % 30, title: $"Filler {i}")).ToList();
            await Task.WhenAll(rows.GroupBy(row => ICatalogShardGrain.ShardOf(row.BootcampId)).Select(async shardRows =>
            {
                foreach (var row in shardRows)
                {
                    await grains.GetGrain<ICatalogShardGrain>(shardRows.Key).UpsertAsync(row);
                }
            }));
            var instructor = new Caller(SecureTokens.NewId(), "Instructor", [Roles.Instructor]);
            var bootcampId = SecureTokens.NewId();
            await grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor, Row(bootcampId, 1, "Watched").Details);
            var shard = grains.GetGrain<ICatalogShardGrain>(ICatalogShardGrain.ShardOf(bootcampId));
            await Eventually.Until(shard.GetAllAsync, all => all.Any(row => row.BootcampId == bootcampId), TimeSpan.FromSeconds(10), "the new bootcamp's row");

            using var shardWrites = StorageFaults.Shared.RecordWrites(cluster.ServiceId, "catalog-shard");
            using var oldWrites = StorageFaults.Shared.RecordWrites(cluster.ServiceId, "catalog");
            var student = new Caller(SecureTokens.NewId(), "Student", [Roles.Student]);
            await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).EnrollAsync(student);
            await Eventually.Until(shard.GetAllAsync, all => all.Single(row => row.BootcampId == bootcampId).SeatsLeft == 9,
                TimeSpan.FromSeconds(10), "the seat count in the catalog");

            // The seat count reaches the catalog coalesced (a write or two, with the creation's), and only in its shard.
            Assert.NotEmpty(shardWrites.Writes);
            Assert.All(shardWrites.Writes, write => Assert.Equal(shard.GetGrainId(), write.GrainId));
            Assert.Empty(oldWrites.Writes);
            var written = Assert.IsType<CatalogShardState>(shardWrites.Writes[^1].State);
            Assert.Equal(rows.Count(row => ICatalogShardGrain.ShardOf(row.BootcampId) == ICatalogShardGrain.ShardOf(bootcampId)) + 1, written.Entries.Count);

            // The figures for benchmarks/README.md: the bytes one change stored, and its time, before (the whole catalog in
            // one state, written as the one catalog grain wrote it on every change) and now (one shard, through its grain).
            var serializer = cluster.PrimarySiloServices.GetRequiredService<Serializer>();
            var whole = new CatalogState { Entries = (await grains.GetCatalogAsync()).ToDictionary(row => row.BootcampId) };
            var wholeBytes = serializer.SerializeToArray(whole).Length;
            var shardBytes = serializer.SerializeToArray(written).Length;
            Assert.True(shardBytes * 8 < wholeBytes, $"a change stored {shardBytes} bytes of a {wholeBytes}-byte catalog");

            var storage = cluster.PrimarySiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);
            var wholeState = new GrainState<CatalogState>(whole);
            var beforeTime = await TimeAsync(Changes, async i =>
            {
                whole.Entries[bootcampId] = whole.Entries[bootcampId] with { SeatsLeft = i };
                await storage.WriteStateAsync("catalog", grains.GetGrain<ICatalogGrain>(1).GetGrainId(), wholeState);
            });
            var row = (await shard.GetAllAsync()).Single(entry => entry.BootcampId == bootcampId);
            var afterTime = await TimeAsync(Changes, i => shard.UpsertAsync(row with { SeatsLeft = i }));
            output.WriteLine($"{Bootcamps + 1} bootcamps, {Changes} seat changes each: one catalog state {wholeBytes:N0} B, " +
                $"{beforeTime.TotalMilliseconds / Changes:0.00} ms per change; one shard state {shardBytes:N0} B " +
                $"({written.Entries.Count} rows), {afterTime.TotalMilliseconds / Changes:0.00} ms per change (grain call included)");
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static CatalogEntry Row(string bootcampId, int startsInDays, string title)
    {
        var starts = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(startsInDays);
        return new CatalogEntry(bootcampId, new BootcampDetails(title, $"About {title}: a description of a usual length for a catalog row.",
            starts, starts.AddDays(60), 10, 0, "USD", ["web", "dotnet"], ["csharp"]), 10, starts.AddDays(-30));
    }

    private static async Task<IReadOnlyList<string>> WalkIdsAsync(IGrainFactory grains)
    {
        var ids = new List<string>();
        while (await grains.GetCatalogIdsAfterAsync(ids.LastOrDefault(), 50) is { Count: > 0 } page)
        {
            ids.AddRange(page);
        }
        return ids;
    }

    private static async Task<GrainState<CatalogState>> StoredAsync(IGrainStorage storage, GrainId grainId)
    {
        var stored = new GrainState<CatalogState>(new CatalogState());
        await storage.ReadStateAsync("catalog", grainId, stored);
        Assert.NotNull(stored.State);
        return stored;
    }

    private static async Task<TimeSpan> TimeAsync(int times, Func<int, Task> change)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
        {
            await change(i);
        }
        return clock.Elapsed;
    }
}

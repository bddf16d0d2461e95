using Cohortly.Certificates;
using Cohortly.Integrations.Certificates;

namespace Cohortly.Grains.Tests.Certificates;

[Collection(ClusterCollection.Name)]
public sealed class StatusListTests(ClusterFixture fixture)
{
    [Fact]
    public void IndexZeroIsTheFirstBytesHighestBitAndTheEncodingRoundTrips()
    {
        var bits = new byte[ICertificateStatusListGrain.Bits / 8];
        BitstringStatusList.Set(bits, 0, true);
        BitstringStatusList.Set(bits, 13, true);

        Assert.Equal((0x80, 0x04), (bits[0], bits[1]));
        var encoded = BitstringStatusList.Encode(bits);
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.Equal(bits, BitstringStatusList.Decode(encoded));
        BitstringStatusList.Set(bits, 13, false);
        Assert.False(BitstringStatusList.Get(bits, 13));
        Assert.True(BitstringStatusList.Get(bits, 0));
    }

    [Fact]
    public async Task PlacesHandedOutAtOnceAreAllDifferentAndInsideTheList()
    {
        var allocator = fixture.Grains.GetGrain<ICertificateStatusAllocatorGrain>(0);

        var places = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => allocator.AllocateAsync()));

        Assert.Equal(places.Length, places.Distinct().Count());
        Assert.All(places, p => Assert.InRange(p.Index, 0, ICertificateStatusListGrain.Bits - 1));
        Assert.True(await allocator.ListCountAsync() >= places.Max(p => p.ListNumber));
    }

    [Fact]
    public async Task ARevokedBitShowsInThePublishedListAndClearingItRestoresIt()
    {
        var list = fixture.Grains.GetGrain<ICertificateStatusListGrain>($"test-{Guid.NewGuid():N}");
        var empty = await list.GetAsync();

        await list.SetAsync(4242, true);
        var revoked = await list.GetAsync();

        Assert.True(BitstringStatusList.Get(BitstringStatusList.Decode(revoked.EncodedList), 4242));
        Assert.True(revoked.UpdatedAt > empty.UpdatedAt);
        await list.SetAsync(4242, false);
        Assert.Equal(empty.EncodedList, (await list.GetAsync()).EncodedList);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => list.SetAsync(ICertificateStatusListGrain.Bits, true));
    }
}

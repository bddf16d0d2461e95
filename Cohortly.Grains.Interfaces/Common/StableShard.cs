namespace Cohortly.Common;

/// <summary>
/// Which of a fixed number of shards a key belongs to, the same in every process and every version (FNV-1a over the
/// key's UTF-16 code units; string.GetHashCode differs per process, so it cannot place stored rows).
/// </summary>
public static class StableShard
{
    public static long Of(string key, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash % (uint)shards;
    }
}

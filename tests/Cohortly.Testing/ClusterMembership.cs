using Npgsql;

namespace Cohortly.Testing;

/// <summary>Reads the Orleans membership table, to wait until silo processes have joined their cluster.</summary>
public static class ClusterMembership
{
    public static Task WaitForActiveSilosAsync(string connectionString, string clusterId, int expected, IReadOnlyCollection<CohortlyProcess> silos) =>
        Eventually.Until(
            async () =>
            {
                if (silos.FirstOrDefault(s => s.HasExited) is { } crashed)
                {
                    throw new InvalidOperationException("A silo exited during start-up:\n" + crashed.RecentOutput);
                }
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                // The first silo creates the schema as it starts; until then there is nothing to count.
                await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansmembershiptable') IS NOT NULL", connection);
                if (!(bool)(await exists.ExecuteScalarAsync())!)
                {
                    return 0L;
                }
                // Status 3 is SiloStatus.Active.
                await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = 3", connection);
                count.Parameters.AddWithValue("cluster", clusterId);
                return (long)(await count.ExecuteScalarAsync())!;
            },
            active => active >= expected,
            TimeSpan.FromSeconds(60),
            $"{expected} active silos ({string.Join("\n", silos.Select(s => s.RecentOutput))})");
}

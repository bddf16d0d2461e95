using System.Globalization;

namespace Cohortly.LoadTests;

public enum Scenario
{
    All,
    Login,
    Me,
    ColdStart,

    /// <summary>Not part of "all": a normal user's GET while 30 clients upload image bombs (results/bombs-&lt;date&gt;.md).</summary>
    Bombs,
}

/// <summary>Command-line settings; every default is chosen to finish in a couple of minutes on two cores.</summary>
public sealed record LoadOptions(
    Scenario Scenario,
    TimeSpan Duration,
    int Concurrency,
    TimeSpan Warmup,
    int Rounds,
    int Users,
    int ColdStartRuns,
    long MaxRequestsPerSegment)
{
    public const string Usage = """
        dotnet run -c Release --project benchmarks/Cohortly.LoadTests -- [options]
          --scenario all|login|me|coldstart|bombs   what to measure (default all; bombs only when named)
          --duration SECONDS                  measured time per target per scenario, split over the rounds (default 15)
          --concurrency N                     closed-loop workers, one request in flight each (default 32)
          --warmup SECONDS                    unmeasured load per target before measuring (default 5)
          --rounds N                          baseline/scenario alternations (default 3)
          --users N                           accounts registered and logged in round-robin (default 64)
          --coldstart-runs N                  starts on a fresh, then on an existing data directory (default 5)
          --max-requests N                    cap per measured segment, whatever the time (default 2000000)
        """;

    public TimeSpan Segment => Duration / Rounds;

    public bool Runs(Scenario scenario) => Scenario == scenario || (Scenario == Scenario.All && scenario != Scenario.Bombs);

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions(Scenario.All, TimeSpan.FromSeconds(15), 32, TimeSpan.FromSeconds(5), 3, 64, 5, 2_000_000);
        foreach (var (name, value) in CommandLine.Pairs(args, Usage))
        {
            options = name switch
            {
                "--scenario" => options with { Scenario = CommandLine.Choice<Scenario>(name, value, Usage) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(name, value)) },
                "--concurrency" => options with { Concurrency = (int)Positive(name, value) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--rounds" => options with { Rounds = (int)Positive(name, value) },
                "--users" => options with { Users = (int)Positive(name, value) },
                "--coldstart-runs" => options with { ColdStartRuns = (int)Positive(name, value) },
                "--max-requests" => options with { MaxRequestsPerSegment = (long)Positive(name, value) },
                _ => throw CommandLine.Unknown(name, Usage),
            };
        }
        // Access tokens live 15 minutes and the /api/me phase reuses one token per user for all of it.
        if (options.Duration + options.Warmup > TimeSpan.FromMinutes(12))
        {
            throw new ArgumentException("--duration plus --warmup must stay under 12 minutes: access tokens expire after 15.");
        }
        return options;
    }

    private static double Positive(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive number, not {value}.");
}

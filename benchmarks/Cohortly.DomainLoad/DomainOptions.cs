namespace Cohortly.DomainLoad;

public enum Scenario
{
    All,
    Enroll,
    List,
    Fanout,
    Direct,
}

/// <summary>Command-line settings; the defaults are the figures the issue asks for, sized to finish in minutes on two cores.</summary>
public sealed record DomainOptions(
    Scenario Scenario,
    int Concurrency,
    int Rounds,
    TimeSpan Segment,
    TimeSpan Warmup,
    int EnrollStudents,
    int ListStudents,
    int ColdRestarts,
    int FanoutClients,
    int FanoutUsers,
    int Announcements,
    int Burst,
    int WarmupAnnouncements,
    int DirectUsers,
    int DirectConnections,
    int DirectConcurrency,
    int SeedParallelism,
    int ConnectParallelism,
    string? Tag = null)
{
    public const string Usage = """
        dotnet run -c Release --project benchmarks/Cohortly.DomainLoad -- [options]
          --scenario all|enroll|list|fanout|direct  what to measure (default all)
          --concurrency N         closed-loop HTTP workers, one request in flight each (default 32)
          --rounds N              baseline/scenario alternations (default 3)
          --segment SECONDS       length of each timed segment (default 3)
          --warmup SECONDS        unmeasured load per target before measuring (default 2)
          --students N            enroll: students who enroll and submit over HTTP (default 1000)
          --list-students N       list: students seeded with a submission (default 5000)
          --cold-restarts N       list: server restarts per endpoint to time a cold first page (default 2)
          --clients N             fanout: SignalR connections on each hub (default 1000)
          --fanout-users N        fanout: distinct students behind those connections (default = --clients)
          --announcements N       fanout: timed one-at-a-time announcements per hub, over all rounds (default 21)
          --burst N               fanout: back-to-back announcements per hub per round for throughput (default 20)
          --warmup-announcements N fanout: unmeasured announcements per hub first, so the code is at its final JIT tier (default 60)
          --direct-users N        direct: distinct students graded (default 1000)
          --direct-connections N  direct: their connections in all, spread evenly (default 1000)
          --direct-concurrency N  direct: grade requests in flight, and bare broadcasts in flight (default 32)
          --seed-parallelism N    grain calls in flight while seeding (default 32)
          --connect-parallelism N SignalR connections being opened at once (default 16)
          --tag NAME              appended to the results file name, to keep a variant next to the default run
        """;

    public bool Runs(Scenario scenario) => Scenario == Scenario.All || Scenario == scenario;

    public int ConnectionsPerDirectUser => DirectConnections / DirectUsers;

    public static DomainOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DomainOptions(Scenario.All, 32, 3, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2),
            1000, 5000, 2, 1000, 0, 21, 20, 60, 1000, 1000, 32, 32, 16);
        foreach (var (name, value) in CommandLine.Pairs(args, Usage))
        {
            options = name switch
            {
                "--scenario" => options with { Scenario = CommandLine.Choice<Scenario>(name, value, Usage) },
                "--concurrency" => options with { Concurrency = CommandLine.Count(name, value) },
                "--rounds" => options with { Rounds = CommandLine.Count(name, value) },
                "--segment" => options with { Segment = TimeSpan.FromSeconds(CommandLine.Seconds(name, value)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(CommandLine.Seconds(name, value)) },
                "--students" => options with { EnrollStudents = CommandLine.Count(name, value) },
                "--list-students" => options with { ListStudents = CommandLine.Count(name, value) },
                "--cold-restarts" => options with { ColdRestarts = CommandLine.Count(name, value) },
                "--clients" => options with { FanoutClients = CommandLine.Count(name, value) },
                "--fanout-users" => options with { FanoutUsers = CommandLine.Count(name, value) },
                "--announcements" => options with { Announcements = CommandLine.Count(name, value) },
                "--burst" => options with { Burst = CommandLine.Count(name, value) },
                "--warmup-announcements" => options with { WarmupAnnouncements = CommandLine.Count(name, value) },
                "--direct-users" => options with { DirectUsers = CommandLine.Count(name, value) },
                "--direct-connections" => options with { DirectConnections = CommandLine.Count(name, value) },
                "--direct-concurrency" => options with { DirectConcurrency = CommandLine.Count(name, value) },
                "--seed-parallelism" => options with { SeedParallelism = CommandLine.Count(name, value) },
                "--connect-parallelism" => options with { ConnectParallelism = CommandLine.Count(name, value) },
                "--tag" => options with { Tag = value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? value : throw new ArgumentException("--tag takes letters, digits, '-' and '.' only.") },
                _ => throw CommandLine.Unknown(name, Usage),
            };
        }
        if (options.FanoutUsers == 0 || options.FanoutUsers > options.FanoutClients)
        {
            options = options with { FanoutUsers = options.FanoutClients };
        }
        if (options.DirectConnections % options.DirectUsers != 0)
        {
            throw new ArgumentException("--direct-connections must be a multiple of --direct-users: every student has as many connections as the others.");
        }
        if (options.Segment > TimeSpan.FromSeconds(60) || options.Rounds > 10)
        {
            throw new ArgumentException("Keep --segment at 60 s or less and --rounds at 10 or less: access tokens live 15 minutes.");
        }
        return options;
    }
}

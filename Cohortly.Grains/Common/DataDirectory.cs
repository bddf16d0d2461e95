namespace Cohortly.Common;

/// <summary>
/// Where an embedded process keeps its SQLite file, dev mailbox and generated keys
/// (<c>Cohortly:DataDirectory</c>). Two processes with different directories never share anything.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A sub-folder of the data directory, created if missing.</summary>
    public string Folder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}

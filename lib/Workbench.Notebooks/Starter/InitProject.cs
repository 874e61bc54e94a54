using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Notebooks.Documents;
using Workbench.Project;

namespace Workbench.Notebooks.Starter;

/// <summary>
/// Write a working starter project into a folder: workbench.yaml, two raw sources with their contracts, a seed,
/// staging and mart models (written with bare names, as dbt's ref), a data test, a model unit test, a notebook, a
/// script and a README. Right after it, <c>workbench pipeline run</c>, the notebook (headless and in VS Code) and the
/// tests run without editing a path. An existing non-empty folder is refused, so nothing is overwritten.
/// </summary>
/// <param name="Folder">Where to write the project.</param>
/// <param name="Name">The project's name (default: the folder's name).</param>
/// <param name="LibraryFolder">The Workbench build the project uses (linked as .workbench/lib).</param>
public sealed partial record InitProject(string Folder, string? Name, string LibraryFolder)
{
    public ProjectInitialized Run()
    {
        var root = Path.GetFullPath(Folder);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new Workbench.Errors.ProjectException($"'{root}' is not empty; `workbench init` writes a new project and never overwrites files. Choose a new folder.");
        }

        var name = Name ?? Regex.Replace(Path.GetFileName(root).ToLowerInvariant(), "[^a-z0-9_-]+", "-").Trim('-');
        if (!ProjectName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' cannot name a project: use letters, digits, '-' or '_' (pass --name).");
        }

        var written = new List<string>();
        void Write(string relative, string text)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text.Replace("{{name}}", name, StringComparison.Ordinal).ReplaceLineEndings("\n"));
            written.Add(relative);
        }

        var version = WorkbenchProject.LibraryVersion;
        Write(WorkbenchProject.FileName, StarterFiles.ProjectFile.Replace("{{version}}", $"{version.Major}.{version.Minor}", StringComparison.Ordinal));
        Write("README.md", StarterFiles.Readme);
        Write(".gitignore", "artifacts/\n.workbench/\n");
        foreach (var (path, text) in StarterFiles.Files)
        {
            Write(path, text);
        }

        var notebook = Path.Combine(root, "notebooks", "explore.ipynb");
        NotebookDocument.Create(notebook, Notebook(name)).Save(notebook);
        written.Add("notebooks/explore.ipynb");
        var project = WorkbenchProject.Load(root);
        ProjectLibrary.Ensure(project, LibraryFolder);
        return new ProjectInitialized(project, written);
    }

    private static NotebookCell[] Notebook(string name)
    {
        var parameters = NotebookCell.CreateCode("string env = \"dev\";           // the environment: its warehouse comes from workbench.yaml", KernelAliases.CSharp);
        parameters.Metadata["tags"] = new JsonArray("parameters");
        return
        [
            NotebookCell.CreateMarkdown($$$"""
                # Explore {{{name}}}

                Run the cells from the top. The setup cell loads the Workbench library this project links in
                `.workbench/lib` (any `workbench` command writes the link) and opens the environment's warehouse.
                Build the data first: `workbench pipeline run` (or `workbench load` then `workbench models run`).
                """),
            parameters,
            NotebookCell.CreateCode("""
                #r "../.workbench/lib/Workbench.Notebooks.dll"
                using Workbench.Notebooks.Interactive;
                var wb = await WorkbenchNotebook.StartAsync(env);
                $"Project {wb.Project.Name}, environment {wb.Environment}: {wb.Warehouse.Options}"
                """, KernelAliases.CSharp),
            NotebookCell.CreateMarkdown("A SQL cell runs on the same warehouse. Customers by revenue:"),
            NotebookCell.CreateCode("""
                -- name: customers
                SELECT customer_id, country, orders, revenue FROM marts.customer_orders ORDER BY revenue DESC, customer_id
                """, "sql"),
            NotebookCell.CreateMarkdown("The named result is a C# variable too; a notebook in a pipeline should fail when its data is wrong:"),
            NotebookCell.CreateCode("""
                var revenue = customers.Column<decimal>("revenue").Sum();
                var orders = (await wb.QueryAsync("SELECT SUM(amount) FROM staging.stg_orders")).Scalar<decimal>();
                if (revenue != orders) throw new Exception($"Customer revenue {revenue} does not add up to the orders' {orders}.");
                $"{customers.RowCount} customers, revenue {revenue:N2}"
                """, KernelAliases.CSharp),
        ];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ProjectName();
}

/// <summary>The project written, and its files (relative to its root).</summary>
public sealed record ProjectInitialized(WorkbenchProject Project, IReadOnlyList<string> Files);

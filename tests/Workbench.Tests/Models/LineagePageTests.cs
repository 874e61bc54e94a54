using System.Text.RegularExpressions;
using Workbench.Tests.Support;

namespace Workbench.Tests.Models;

/// <summary>The lineage page as a reader sees it, drawn by headless Chromium (Debian's chromium, no network).</summary>
public sealed partial class LineagePageTests : TempDirectoryTest
{
    /// <summary>Measures the drawn page and writes what it found into the body, for the test to read from the DOM.</summary>
    private const string Measure = """
        <script>
        const rects=[...document.querySelectorAll('.node')].map(n=>({name:n.dataset.name,box:n.querySelector('rect').getBBox(),text:n.querySelector('text').getBBox()}));
        const problems=[];
        if(document.documentElement.scrollWidth>window.innerWidth)problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
        rects.forEach(r=>{if(r.text.x+r.text.width>r.box.x+r.box.width)problems.push(`label ${r.name} spills out of its box`);});
        document.querySelectorAll('.edge').forEach(e=>{
          if(e.getAttribute('marker-end')!=='url(#arrow)')problems.push(`edge ${e.dataset.from}->${e.dataset.to} has no arrowhead`);
          const length=e.getTotalLength();
          for(let at=0;at<length;at+=3){const p=e.getPointAtLength(at);
            const hit=rects.find(r=>r.name!==e.dataset.from&&r.name!==e.dataset.to&&p.x>r.box.x+1&&p.x<r.box.x+r.box.width-1&&p.y>r.box.y+1&&p.y<r.box.y+r.box.height-1);
            if(hit){problems.push(`edge ${e.dataset.from}->${e.dataset.to} runs under ${hit.name}`);break;}}
        });
        document.querySelector('.node[data-name="marts.fct_orders_with_a_long_name_for_its_box"]').dispatchEvent(new MouseEvent('click'));
        document.body.dataset.problems=problems.join(' | ')||'none';
        document.body.dataset.layers=[...document.querySelectorAll('.layer')].map(l=>l.textContent).join(',');
        </script>
        """;

    [Fact]
    public async Task LineagePage_FitsItsWindow_KeepsLabelsInBoxes_RoutesEdgesAroundBoxes_AndShowsAModelsSqlAndDictionaryLinkOnClick()
    {
        Temp.File("workbench.yaml", "name: lineage\n");
        Temp.File("sql/staging/stg_a.sql", "SELECT * FROM raw.a");
        Temp.File("sql/staging/stg_b.sql", "SELECT * FROM raw.b");
        Temp.File("sql/staging/stg_c.sql", "SELECT * FROM raw.c");
        Temp.File("sql/intermediate/int_ab.sql", "SELECT * FROM staging.stg_a JOIN staging.stg_b USING (id)");
        // Reads a raw table directly, two columns back: its edge crosses the staging column.
        Temp.File("sql/marts/fct_orders_with_a_long_name_for_its_box.sql", "-- description: the long one\nSELECT * FROM intermediate.int_ab JOIN raw.c USING (id)");
        Temp.File("contracts/marts/long.odcs.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: lineage.long
            version: 1.0.0
            status: active
            schema:
              - name: fct_orders_with_a_long_name_for_its_box
                physicalName: marts.fct_orders_with_a_long_name_for_its_box
                properties:
                  - name: id
                    logicalType: integer
            """);
        var lineage = await WorkbenchCommand.RunAsync(Temp.Path, "models", "lineage");
        Assert.True(lineage.ExitCode == 0, lineage.Output + lineage.Error);
        var page = Path.Combine(Temp.Path, "artifacts", "reports", "lineage.html");
        var measured = Path.Combine(Temp.Path, "artifacts", "reports", "measured.html");
        await File.WriteAllTextAsync(measured, (await File.ReadAllTextAsync(page)).Replace("</body>", Measure + "</body>", StringComparison.Ordinal));

        var dom = await HeadlessChromium.DomAfterScriptsAsync(measured, windowSize: "700,900");
        await HeadlessChromium.DomAfterScriptsAsync(page, Path.Combine(Temp.Path, "lineage.png"), windowSize: "700,900");

        Assert.Equal("none", Attribute().Match(dom).Groups["problems"].Value);
        Assert.Equal("RAW,STAGING,INTERMEDIATE,MARTS", Layers().Match(dom).Groups["layers"].Value.ToUpperInvariant());
        Assert.Contains("<h2>marts.fct_orders_with_a_long_name_for_its_box</h2>", dom, StringComparison.Ordinal);
        Assert.Contains("SELECT * FROM intermediate.int_ab JOIN raw.c USING (id)</pre>", dom, StringComparison.Ordinal);
        Assert.Contains("href=\"data-dictionary.html\"", dom, StringComparison.Ordinal);
        Assert.Contains("href=\"data-dictionary.html#fct_orders_with_a_long_name_for_its_box\"", dom, StringComparison.Ordinal); // its contract and columns
        Assert.True(new FileInfo(Path.Combine(Temp.Path, "lineage.png")).Length > 5_000, "chromium drew the page");
    }

    [GeneratedRegex("data-problems=\"(?<problems>[^\"]*)\"")]
    private static partial Regex Attribute();

    [GeneratedRegex("data-layers=\"(?<layers>[^\"]*)\"")]
    private static partial Regex Layers();
}

using System.Globalization;
using Microsoft.Data.Analysis;

namespace Workbench.Notebooks.Frames;

/// <summary>Cohort tables from a frame of events (orders, visits): who came back, month by month.</summary>
public static class Cohorts
{
    /// <summary>
    /// Groups each customer into the month of their first event (their cohort) and counts, for each cohort and each
    /// month since it, how many of its customers had an event then: columns <c>cohort</c> (yyyy-MM), <c>month</c> (0 is
    /// the cohort's own month), <c>customers</c> and <c>retention_pct</c> (of the cohort's size). Rows with a null
    /// customer or date are left out.
    /// </summary>
    public static DataFrame Monthly(DataFrame events, string customerColumn, string dateColumn)
    {
        ArgumentNullException.ThrowIfNull(events);
        var customers = events[customerColumn];
        var dates = events[dateColumn] as DateTimeDataFrameColumn
            ?? throw new ArgumentException($"Column '{dateColumn}' is {events[dateColumn].DataType.Name}; a cohort needs dates (a DATE or TIMESTAMP column).", nameof(dateColumn));
        var seen = new List<(string Customer, DateTime Month)>();
        for (long i = 0; i < events.Rows.Count; i++)
        {
            if (customers[i] is { } customer && dates[i] is { } date)
            {
                seen.Add((Convert.ToString(customer, CultureInfo.InvariantCulture)!, new DateTime(date.Year, date.Month, 1)));
            }
        }

        var cohortOf = seen.GroupBy(s => s.Customer).ToDictionary(g => g.Key, g => g.Min(s => s.Month));
        var sizes = cohortOf.GroupBy(c => c.Value).ToDictionary(g => g.Key, g => g.Count());
        var cells = seen.Select(s => (Cohort: cohortOf[s.Customer], Month: Months(cohortOf[s.Customer], s.Month), s.Customer)).Distinct()
            .GroupBy(s => (s.Cohort, s.Month)).Select(g => (g.Key.Cohort, g.Key.Month, Customers: g.Count()))
            .OrderBy(c => c.Cohort).ThenBy(c => c.Month).ToList();
        return new DataFrame(
            new StringDataFrameColumn("cohort", cells.Select(c => c.Cohort.ToString("yyyy-MM", CultureInfo.InvariantCulture))),
            new Int32DataFrameColumn("month", cells.Select(c => (int?)c.Month)),
            new Int32DataFrameColumn("customers", cells.Select(c => (int?)c.Customers)),
            new DoubleDataFrameColumn("retention_pct", cells.Select(c => (double?)Math.Round(100.0 * c.Customers / sizes[c.Cohort], 1))));
    }

    private static int Months(DateTime from, DateTime to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}

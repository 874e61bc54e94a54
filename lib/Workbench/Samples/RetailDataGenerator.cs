using System.Globalization;

namespace Workbench.Samples;

/// <summary>
/// Generates the retail sample domain as CSV files: customers, and monthly files of the product catalogue, product
/// price changes, orders, order items and payments. Deterministic for a seed and scale. The data carries the mess a
/// real pipeline meets: exact duplicate rows, missing values, mixed-case codes, orders that arrive in the next month's
/// file (late-arriving rows), orders re-sent in the next month's file with a later status and <c>updated_at</c>, and
/// (from 20 orders a month, scale 0.01) one line a month the exporter cut short, which raw rejects; and products renamed,
/// recategorised and repriced over the months, so a snapshot gains versions.
/// </summary>
public sealed class RetailDataGenerator
{
    private static readonly string[] FirstNames = ["Ada", "Bruno", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sven", "Tara"];
    private static readonly string[] LastNames = ["Novak", "Okafor", "Smith", "Garcia", "Müller", "Kowalski", "Tanaka", "Rossi", "Dubois", "Larsen", "O'Brien", "Silva", "Nguyen", "Horvat", "Berg"];
    private static readonly string[] Countries = ["US", "DE", "FR", "GB", "SI", "JP", "BR", "CA"];
    private static readonly string[] Categories = ["Kitchen", "Garden", "Office", "Toys", "Outdoor", "Bath"];
    private static readonly string[] Nouns = ["Mug", "Lamp", "Chair", "Kettle", "Planter", "Notebook", "Puzzle", "Towel", "Tent", "Bottle"];
    private static readonly string[] Adjectives = ["Classic", "Compact", "Deluxe", "Eco", "Large", "Travel"];
    private static readonly string[] Statuses = ["placed", "shipped", "delivered", "delivered", "delivered", "cancelled", "returned"];
    private static readonly string[] Methods = ["card", "card", "paypal", "bank_transfer", "gift_card"];

    private readonly RetailGeneratorOptions _options;
    private readonly Random _random;

    public RetailDataGenerator(RetailGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>Writes every file under <paramref name="outputDirectory"/> and returns what was written.</summary>
    public IReadOnlyList<GeneratedFile> Generate(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var files = new List<GeneratedFile>();
        var customers = WriteCustomers(outputDirectory, files);
        var prices = WriteProducts(outputDirectory, files);
        WriteOrders(outputDirectory, files, customers, prices);
        return files;
    }

    private int WriteCustomers(string dir, List<GeneratedFile> files)
    {
        using var csv = new CsvFileWriter(Path.Combine(dir, "customers.csv"),
            "customer_id", "customer_code", "first_name", "last_name", "email", "country_code", "signup_date", "updated_at");
        for (var id = 1; id <= _options.Customers; id++)
        {
            var first = Pick(FirstNames);
            var last = Pick(LastNames);
            var email = Chance(0.05) ? null : $"{first}.{last}{id}@example.com".Replace("'", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var signup = _options.Start.AddDays(-_random.Next(0, 900));
            var row = new object?[]
            {
                id, MixCase(string.Create(CultureInfo.InvariantCulture, $"C-{id:D6}")), first, last, email,
                MixCase(Pick(Countries)), signup, signup.ToDateTime(new TimeOnly(_random.Next(0, 24), _random.Next(0, 60))),
            };
            csv.Write(row);
            if (Chance(0.01))
            {
                csv.Write(row);
            }
        }

        files.Add(new GeneratedFile("customers", csv.Path, csv.Rows));
        return _options.Customers;
    }

    /// <summary>
    /// Writes a monthly catalogue extract (every product with its attributes at that month's end) and the month's price
    /// changes (the first month's file also carries the prices set before it); returns each product's price history
    /// (date, price), oldest first. About a third of the products are renamed or moved to another category in some month,
    /// so a snapshot built month by month gains versions; prices change every two to eight months.
    /// </summary>
    private List<(DateOnly From, decimal Price)>[] WriteProducts(string dir, List<GeneratedFile> files)
    {
        var histories = new List<(DateOnly, decimal)>[_options.Products + 1];
        var catalogue = new List<CatalogueProduct>();
        var priceRows = new List<(int Month, object?[] Row)>();
        var changes = new Random(_options.Seed + 1); // its own sequence: the catalogue's changes leave every other file as it was
        for (var id = 1; id <= _options.Products; id++)
        {
            var noun = Pick(Nouns);
            var name = Chance(0.2) ? $"{noun}, {Pick(Adjectives).ToLowerInvariant()}" : Chance(0.05) ? $"\"The\" {noun}" : $"{Pick(Adjectives)} {noun}";
            var launched = _options.Start.AddDays(-_random.Next(30, 400));
            var sku = MixCase(string.Create(CultureInfo.InvariantCulture, $"SKU-{noun[..3].ToUpperInvariant()}-{id:D4}"));
            var category = Pick(Categories);
            catalogue.Add(ChangeOf(changes, new CatalogueProduct(id, sku, name, category, launched), noun));

            var history = new List<(DateOnly, decimal)>();
            var price = Math.Round((decimal)(_random.NextDouble() * 95 + 5), 2);
            history.Add((launched, price));
            var changeDay = launched;
            while (true)
            {
                changeDay = changeDay.AddDays(_random.Next(60, 240));
                if (changeDay >= _options.Start.AddMonths(_options.Months))
                {
                    break;
                }

                price = Math.Max(1m, Math.Round(price * (decimal)(0.85 + _random.NextDouble() * 0.35), 2));
                history.Add((changeDay, price));
            }

            foreach (var (from, p) in history)
            {
                priceRows.Add((Math.Max(0, MonthIndex(from)), [id, p, Chance(0.1) ? "usd" : "USD", from]));
            }

            histories[id] = history;
        }

        for (var m = 0; m < _options.Months; m++)
        {
            var stamp = _options.Start.AddMonths(m).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            using (var products = new CsvFileWriter(Path.Combine(dir, "products", $"products_{stamp}.csv"), "product_id", "sku", "product_name", "category", "launched_on"))
            {
                foreach (var product in catalogue)
                {
                    var (name, category) = product.At(m);
                    products.Write(product.Id, product.Sku, name, category, product.Launched);
                }

                files.Add(new GeneratedFile("products", products.Path, products.Rows));
            }

            using var prices = new CsvFileWriter(Path.Combine(dir, "product_prices", $"product_prices_{stamp}.csv"), "product_id", "price", "currency", "valid_from");
            foreach (var (_, row) in priceRows.Where(r => r.Month == m))
            {
                prices.Write(row);
            }

            files.Add(new GeneratedFile("product_prices", prices.Path, prices.Rows));
        }

        return histories;
    }

    /// <summary>Decides whether (and in which month) a product is renamed or moved to another category.</summary>
    private CatalogueProduct ChangeOf(Random changes, CatalogueProduct product, string noun)
    {
        // The first three products always change, so every scale has history to show.
        if (_options.Months < 2 || (product.Id > 3 && changes.NextDouble() >= 0.3))
        {
            return product;
        }

        var month = changes.Next(1, _options.Months);
        if (changes.Next(2) == 0)
        {
            var renamed = $"{Adjectives[changes.Next(Adjectives.Length)]} {noun} ({_options.Start.AddMonths(month):yyyy} edition)";
            return product with { ChangedIn = month, NewName = renamed };
        }

        var others = Categories.Where(c => c != product.Category).ToArray();
        return product with { ChangedIn = month, NewCategory = others[changes.Next(others.Length)] };
    }

    /// <summary>Which month of the generated range a day falls in (negative before it).</summary>
    private int MonthIndex(DateOnly day) => (day.Year - _options.Start.Year) * 12 + day.Month - _options.Start.Month;

    /// <summary>A product as the catalogue extracts show it, with the month (if any) it was renamed or recategorised in.</summary>
    private sealed record CatalogueProduct(int Id, string Sku, string Name, string Category, DateOnly Launched)
    {
        public int? ChangedIn { get; init; }

        public string? NewName { get; init; }

        public string? NewCategory { get; init; }

        public (string Name, string Category) At(int month) => month >= ChangedIn
            ? (NewName ?? Name, NewCategory ?? Category)
            : (Name, Category);
    }

    private void WriteOrders(string dir, List<GeneratedFile> files, int customers, List<(DateOnly From, decimal Price)>[] prices)
    {
        long orderId = 0;
        long paymentId = 0;
        var lateFromPreviousMonth = new List<Action<MonthFiles>>();
        var resentFromPreviousMonth = new List<object?[]>();
        for (var m = 0; m < _options.Months; m++)
        {
            var month = _options.Start.AddMonths(m);
            var stamp = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            using var files3 = new MonthFiles(dir, stamp);
            foreach (var late in lateFromPreviousMonth)
            {
                late(files3);
            }

            // Orders whose status moved on after last month's export are sent again, with a later updated_at.
            resentFromPreviousMonth.ForEach(files3.Orders.Write);
            lateFromPreviousMonth = [];
            resentFromPreviousMonth = [];
            var brokenAt = _options.OrdersPerMonth >= 20 ? _random.Next(0, _options.OrdersPerMonth) : -1; // one in 20 or more stays under a batch's 5 % reject limit
            var days = DateTime.DaysInMonth(month.Year, month.Month);
            for (var i = 0; i < _options.OrdersPerMonth; i++)
            {
                var id = ++orderId;
                var placed = month.ToDateTime(TimeOnly.MinValue)
                    .AddDays(_random.Next(0, days)).AddSeconds(_random.Next(0, 86_400));
                var (order, row) = BuildOrder(id, placed, customers, prices, ref paymentId);
                if (i == brokenAt)
                {
                    // The exporter cut one line short (a copy of a real order, so nothing is lost by rejecting it): a row raw rejects.
                    files3.Orders.Write([row[0], row[1], row[2]]);
                }

                if (m < _options.Months - 1 && Progressed((string)row[3]!) is { } next && Chance(0.04))
                {
                    resentFromPreviousMonth.Add([row[0], row[1], row[2], next, row[4], ((DateTime)row[5]!).AddDays(_random.Next(20, 40))]);
                }

                var isLate = m < _options.Months - 1 && Chance(0.03);
                if (isLate)
                {
                    lateFromPreviousMonth.Add(order);
                }
                else
                {
                    order(files3);
                }
            }

            files.Add(new GeneratedFile("orders", files3.Orders.Path, files3.Orders.Rows));
            files.Add(new GeneratedFile("order_items", files3.Items.Path, files3.Items.Rows));
            files.Add(new GeneratedFile("payments", files3.Payments.Path, files3.Payments.Rows));
        }
    }

    /// <summary>The status an order moves on to after it was first exported, or null when it is final.</summary>
    private static string? Progressed(string status) => status.ToLowerInvariant() switch
    {
        "placed" => "shipped",
        "shipped" => "delivered",
        _ => null,
    };

    /// <summary>
    /// Builds one order (with its items and payments) now, to be written into whichever month's files receive it; also
    /// returns the order's row (order_id, customer_id, ordered_at, status, currency, updated_at).
    /// </summary>
    private (Action<MonthFiles> Write, object?[] Row) BuildOrder(long id, DateTime placed, int customers, List<(DateOnly From, decimal Price)>[] prices, ref long paymentId)
    {
        var customerId = Chance(0.005) ? (int?)null : _random.Next(1, customers + 1);
        var status = MixCase(Pick(Statuses));
        var currency = Chance(0.08) ? "usd" : "USD";
        var updated = placed.AddHours(_random.Next(1, 96));
        var duplicate = Chance(0.01);
        var lines = new List<object?[]>();
        decimal total = 0;
        var lineCount = _random.Next(1, 5);
        for (var line = 1; line <= lineCount; line++)
        {
            var productId = _random.Next(1, prices.Length);
            var unitPrice = PriceOn(prices[productId], DateOnly.FromDateTime(placed));
            var quantity = _random.Next(1, 4);
            var discount = Chance(0.15) ? Math.Round(unitPrice * quantity * 0.1m, 2) : (decimal?)null;
            total += unitPrice * quantity - (discount ?? 0);
            lines.Add([id, line, productId, quantity, unitPrice, discount]);
        }

        var payments = new List<object?[]>();
        var paid = status.Equals("cancelled", StringComparison.OrdinalIgnoreCase) ? 0 : total;
        if (paid > 0)
        {
            var split = Chance(0.1) ? Math.Round(paid / 2, 2) : paid;
            payments.Add([++paymentId, id, placed.AddMinutes(_random.Next(1, 120)), MixCase(Pick(Methods)), split]);
            if (split != paid)
            {
                payments.Add([++paymentId, id, placed.AddMinutes(_random.Next(120, 2_000)), MixCase(Pick(Methods)), paid - split]);
            }
        }

        object?[] row = [id, customerId, placed, status, currency, updated];
        return (files =>
        {
            files.Orders.Write(row);
            if (duplicate)
            {
                files.Orders.Write(row);
            }

            lines.ForEach(files.Items.Write);
            payments.ForEach(files.Payments.Write);
        }, row);
    }

    private static decimal PriceOn(List<(DateOnly From, decimal Price)> history, DateOnly day) =>
        history.LastOrDefault(h => h.From <= day, history[0]).Price;

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>Mostly canonical case, sometimes lower or title case: what hand-typed codes look like.</summary>
    private string MixCase(string value) => _random.Next(10) switch
    {
        0 => value.ToLowerInvariant(),
        1 => value.Length > 1 ? value[..1].ToUpperInvariant() + value[1..].ToLowerInvariant() : value,
        _ => value,
    };

    private sealed class MonthFiles : IDisposable
    {
        public MonthFiles(string dir, string stamp)
        {
            Orders = new CsvFileWriter(Path.Combine(dir, "orders", $"orders_{stamp}.csv"),
                "order_id", "customer_id", "ordered_at", "status", "currency", "updated_at");
            Items = new CsvFileWriter(Path.Combine(dir, "order_items", $"order_items_{stamp}.csv"),
                "order_id", "line_number", "product_id", "quantity", "unit_price", "discount_amount");
            Payments = new CsvFileWriter(Path.Combine(dir, "payments", $"payments_{stamp}.csv"),
                "payment_id", "order_id", "paid_at", "method", "amount");
        }

        public CsvFileWriter Orders { get; }

        public CsvFileWriter Items { get; }

        public CsvFileWriter Payments { get; }

        public void Dispose()
        {
            Orders.Dispose();
            Items.Dispose();
            Payments.Dispose();
        }
    }
}

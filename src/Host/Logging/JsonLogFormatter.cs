using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace GitReload.Host.Logging;

/// <summary>
/// One JSON object per line, with Serilog's <c>JsonFormatter</c> field names (<c>Timestamp</c>,
/// <c>Level</c>, <c>MessageTemplate</c>, <c>RenderedMessage</c>, <c>Properties</c>, <c>Exception</c>),
/// but the message rendered as the text format renders it: values as they are, not as quoted
/// strings, so a line reads the same in either format.
/// </summary>
public sealed class JsonLogFormatter : ITextFormatter
{
    private static readonly MessageTemplateTextFormatter Message = new("{Message:lj}", CultureInfo.InvariantCulture);
    private static readonly JsonValueFormatter Values = new(typeTagName: null);

    /// <inheritdoc />
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var rendered = new StringWriter(CultureInfo.InvariantCulture);
        Message.Format(logEvent, rendered);

        output.Write("{\"Timestamp\":\"");
        output.Write(logEvent.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"Level\":\"");
        output.Write(logEvent.Level);
        output.Write("\",\"MessageTemplate\":");
        JsonValueFormatter.WriteQuotedJsonString(logEvent.MessageTemplate.Text, output);
        output.Write(",\"RenderedMessage\":");
        JsonValueFormatter.WriteQuotedJsonString(rendered.ToString(), output);
        if (logEvent.Exception is { } exception)
        {
            output.Write(",\"Exception\":");
            JsonValueFormatter.WriteQuotedJsonString(exception.ToString(), output);
        }
        if (logEvent.Properties.Count > 0)
        {
            output.Write(",\"Properties\":{");
            var first = true;
            foreach (var (name, value) in logEvent.Properties)
            {
                if (!first) output.Write(',');
                first = false;
                JsonValueFormatter.WriteQuotedJsonString(name, output);
                output.Write(':');
                Values.Format(value, output);
            }
            output.Write('}');
        }
        output.Write('}');
        output.Write('\n');
    }
}

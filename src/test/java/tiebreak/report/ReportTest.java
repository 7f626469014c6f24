package tiebreak.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The page's template filled in: what a title or a value holds can neither become markup nor end the data. */
class ReportTest {
    private static final String TEMPLATE = "<title>{{title}}</title><script type=\"application/json\">{{data}}</script>";

    @Test
    void aTitleHoldingThePlaceholderStaysText() {
        String page = Report.fill(TEMPLATE, Report.escape("{{data}} <b>\"x\" & y"), "{}");
        assertEquals("<title>{{data}} &lt;b&gt;&quot;x&quot; &amp; y</title><script type=\"application/json\">{}</script>",
                page);
    }

    @Test
    void aValueCannotEndTheScriptElement() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode data = json.createObjectNode();
        String hostile = "</script><script>alert(1)</script><!-- $1 \\ {{title}}";
        data.put("variant", hostile);
        String page = Report.fill(TEMPLATE, "t", json.writeValueAsString(data));
        String inside = page.substring(page.indexOf("json\">") + 6, page.lastIndexOf("</script>"));
        assertFalse(inside.contains("<"), inside);
        assertEquals(hostile, json.readTree(inside).get("variant").asText(), "JSON.parse reads the same string back");
        assertEquals(page.indexOf("</script>"), page.lastIndexOf("</script>"), "one end of the element: " + page);
    }
}

package io.contactsync.admin;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.contactsync.sync.Flow;
import io.contactsync.sync.FlowPreview;
import io.contactsync.sync.FlowRunner;
import io.contactsync.sync.PlanPreview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/plan?direction=…}: a dry run now (docs/safety.md), answered with the plan itself: the first
 * {@value #MAX_ENTRIES} entries (values before and after; this is behind the admin token), {@code entries_total},
 * {@code truncated}, and each flow's summary with the guard's verdict and the estimated requests. Nothing is written
 * anywhere. For a complete plan file to {@code apply}, use {@code sync --dry-run --plan FILE}.
 */
public final class PlanApi {

    static final int MAX_ENTRIES = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PlanApi.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AdminAuth auth;
    private final FlowRunner runner;

    public PlanApi(String token, FlowRunner runner) {
        this.auth = new AdminAuth(token);
        this.runner = runner;
    }

    public AdminReply plan(AdminRequest request) {
        AdminReply refused = auth.admit(request, "POST");
        if (refused != null) {
            return refused;
        }
        List<Flow> flows;
        try {
            flows = Flows.parse(request.direction());
        } catch (IllegalArgumentException e) {
            return AdminReply.error(400, "direction: " + e.getMessage());
        }
        try {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode entries = root.putArray("entries");
            long[] total = {0};
            List<FlowPreview> previews = new ArrayList<>();
            for (Flow f : flows) {
                if (runner.has(f)) {
                    previews.add(runner.preview(f, batch -> {
                        for (PlanPreview.Entry e : batch) {
                            if (total[0]++ < MAX_ENTRIES) {
                                entries.add(JSON.valueToTree(e));
                            }
                        }
                    }));
                }
            }
            root.put("entries_total", total[0]);
            root.put("truncated", total[0] > MAX_ENTRIES);
            ArrayNode summaries = root.putArray("flows");
            previews.forEach(p -> summaries.add(JSON.valueToTree(p.summary())));
            return AdminReply.ok(root);
        } catch (RuntimeException e) {
            LOG.warn("Admin dry run failed: {}", e.getMessage());
            return AdminReply.error(500, "plan: " + e.getMessage());
        }
    }
}

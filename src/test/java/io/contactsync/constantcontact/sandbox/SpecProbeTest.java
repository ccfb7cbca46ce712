package io.contactsync.constantcontact.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import java.util.*;

class SpecProbeTest {
    SandboxRequest req(String m, String path, String q, String body) {
        Map<String, List<String>> h = new HashMap<>();
        h.put("content-type", List.of("application/json"));
        h.put("authorization", List.of("Bearer x"));
        return new SandboxRequest(m, path, SandboxRequest.parseForm(q), h, body == null ? new byte[0] : body.getBytes(), null);
    }
    @Test void probe() throws Exception {
        long t0 = System.nanoTime();
        SpecContract c = SpecContract.load();
        System.out.println("load ms " + (System.nanoTime()-t0)/1e6);
        System.out.println(c.validate(req("GET","/v3/contacts","status=active,unsubscribed&include=custom_fields,notes&limit=5&cursor=abc", null), null));
        System.out.println(c.validate(req("GET","/v3/contacts","status=bogus&limit=600", null), null));
        System.out.println(c.validate(req("GET","/v3/nothing","", null), null));
        var put = SandboxJson.MAPPER.readTree("{\"update_source\":\"Account\",\"list_memberships\":[\"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a\"],\"email_address\":{\"address\":\"a@b.c\"}}");
        System.out.println(c.validate(req("PUT","/v3/contacts/abc","",put.toString()), put));
        var rm = SandboxJson.MAPPER.readTree("{\"list_ids\":[\"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a\"],\"source\":{\"contact_ids\":[\"04fe9a97-a579-43c5-bb1a-58ed29bf0a6a\"]}}");
        System.out.println(c.validate(req("POST","/v3/activities/remove_list_memberships","",rm.toString()), rm));
        ObjectNode imp = SandboxJson.object();
        imp.putArray("list_ids").add("04fe9a97-a579-43c5-bb1a-58ed29bf0a6a");
        ArrayNode rows = imp.putArray("import_data");
        for (int i = 0; i < 40000; i++) {
            rows.addObject().put("email","user"+i+"@example.com").put("first_name","First"+i).put("last_name","Last"+i)
              .put("cf:tier","gold");
        }
        String s = imp.toString();
        System.out.println("bytes " + s.length());
        for (int k = 0; k < 3; k++) {
            t0 = System.nanoTime();
            var node = SandboxJson.MAPPER.readTree(s);
            long t1 = System.nanoTime();
            var v = c.validate(req("POST","/v3/activities/contacts_json_import","",null), node);
            System.out.println("parse ms " + (t1-t0)/1e6 + " validate ms " + (System.nanoTime()-t1)/1e6 + " " + v.size() + (v.isEmpty()?"":v.get(0)));
        }
        var bad = SandboxJson.MAPPER.readTree("{\"import_data\":[{\"email\":\"x\",\"birthday_month\":\"x\"}],\"list_ids\":[]}");
        System.out.println(c.validate(req("POST","/v3/activities/contacts_json_import","",null), bad));
        Map<String, List<String>> h = new HashMap<>(); h.put("content-type", List.of("text/plain"));
        System.out.println(c.validate(new SandboxRequest("POST","/v3/contacts",Map.of(),h,"{}".getBytes(),null), SandboxJson.object()));
    }
}

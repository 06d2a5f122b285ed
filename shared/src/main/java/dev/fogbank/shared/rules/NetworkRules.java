package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.ResourceDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the network can reach: security groups (FB-EC2-001 to 003), load balancer listeners
 * (FB-ELB-001), API Gateway methods (FB-APIGW-001), Lambda function URLs and permissions
 * (FB-LAMBDA-001/002).
 */
final class NetworkRules {

  private static final Map<Integer, String> ADMIN_PORTS = Map.of(22, "SSH", 3389, "RDP");

  /** Ports of databases and caches that should never face the internet. */
  private static final Map<Integer, String> DATABASE_PORTS =
      Map.ofEntries(
          Map.entry(1433, "SQL Server"),
          Map.entry(1521, "Oracle"),
          Map.entry(3306, "MySQL"),
          Map.entry(5432, "PostgreSQL"),
          Map.entry(5439, "Redshift"),
          Map.entry(6379, "Redis"),
          Map.entry(9042, "Cassandra"),
          Map.entry(9200, "Elasticsearch"),
          Map.entry(11211, "Memcached"),
          Map.entry(27017, "MongoDB"));

  private NetworkRules() {}

  static void check(Inspection in, ResourceDefinition<?> r) {
    switch (r.type()) {
      case "AWS::EC2::SecurityGroup" -> {
        for (At rule : in.items(in.property(r, "SecurityGroupIngress"))) {
          ingress(in, r, List.of(rule));
        }
      }
      case "AWS::EC2::SecurityGroupIngress" -> ingress(in, r, in.properties(r));
      case "AWS::ElasticLoadBalancingV2::Listener" -> listenerV2(in, r);
      case "AWS::ElasticLoadBalancing::LoadBalancer" -> {
        for (At listener : in.items(in.property(r, "Listeners"))) {
          for (At protocol : in.get(List.of(listener), "Protocol")) {
            if ("HTTP".equalsIgnoreCase(Inspection.text(protocol))) {
              in.report(
                  "FB-ELB-001",
                  r.logicalId(),
                  protocol,
                  r.logicalId()
                      + " listens on plain HTTP: use an HTTPS listener with a certificate"
                      + " (SSLCertificateId)");
            }
          }
        }
      }
      case "AWS::ApiGateway::Method" -> restMethod(in, r);
      case "AWS::ApiGatewayV2::Route" -> httpRoute(in, r);
      case "AWS::Lambda::Permission" -> {
        // SourceArn, SourceAccount or PrincipalOrgID narrow "*" to one caller; without them,
        // anyone with an AWS account (or, with a function URL, anyone) may invoke the function.
        boolean narrowed =
            List.of("SourceArn", "SourceAccount", "PrincipalOrgID").stream()
                .anyMatch(k -> in.property(r, k).stream().anyMatch(v -> !v.absent()));
        for (At principal : in.property(r, "Principal")) {
          if (!narrowed && "*".equals(Inspection.text(principal))) {
            in.report(
                "FB-LAMBDA-002",
                r.logicalId(),
                principal,
                r.logicalId()
                    + " lets any principal (*) invoke the function: name the service or account,"
                    + " and set SourceArn or SourceAccount");
          }
        }
      }
      case "AWS::Lambda::Url" -> {
        for (At auth : in.property(r, "AuthType")) {
          if ("NONE".equals(Inspection.text(auth))) {
            in.report(
                "FB-LAMBDA-001",
                r.logicalId(),
                auth,
                r.logicalId()
                    + " has AuthType: NONE, so anyone on the internet can invoke the function:"
                    + " use AWS_IAM, or put the function behind API Gateway with an authorizer");
          }
        }
      }
      default -> {}
    }
  }

  /** One ingress rule: inline in a group, or a standalone AWS::EC2::SecurityGroupIngress. */
  private static void ingress(Inspection in, ResourceDefinition<?> r, List<At> rule) {
    At world = null;
    for (String key : List.of("CidrIp", "CidrIpv6")) {
      for (At cidr : in.get(rule, key)) {
        String value = Inspection.text(cidr);
        if ("0.0.0.0/0".equals(value) || "::/0".equals(value)) {
          world = cidr;
        }
      }
    }
    if (world == null) {
      return;
    }
    String from = Inspection.text(world);
    for (At protocol : in.get(rule, "IpProtocol")) {
      String p = Inspection.text(protocol);
      if (p == null) {
        continue;
      }
      p = p.toLowerCase(Locale.ROOT);
      if (p.equals("-1") || p.equals("all")) {
        allPorts(in, r, world, "all protocols and ports");
        continue;
      }
      if (!p.equals("tcp") && !p.equals("6") && !p.equals("udp") && !p.equals("17")) {
        continue; // icmp and others carry no port
      }
      for (At fromPort : in.get(rule, "FromPort")) {
        for (At toPort : in.get(rule, "ToPort")) {
          Long low = Inspection.number(fromPort.value());
          Long high = Inspection.number(toPort.value());
          if (low == null || high == null) {
            continue;
          }
          if (low == -1 || (low <= 0 && high >= 65535)) {
            allPorts(in, r, world, "all " + p + " ports");
            continue;
          }
          openPorts(in, r, world, from, low, high, ADMIN_PORTS, "FB-EC2-001");
          openPorts(in, r, world, from, low, high, DATABASE_PORTS, "FB-EC2-002");
        }
      }
    }
  }

  private static void allPorts(Inspection in, ResourceDefinition<?> r, At world, String what) {
    in.report(
        "FB-EC2-003",
        r.logicalId(),
        world,
        r.logicalId()
            + " allows ingress from "
            + Inspection.text(world)
            + " on "
            + what
            + ": open only the ports the service needs, to the sources that need them");
  }

  private static void openPorts(
      Inspection in,
      ResourceDefinition<?> r,
      At world,
      String from,
      long low,
      long high,
      Map<Integer, String> ports,
      String ruleId) {
    ports.entrySet().stream()
        .filter(e -> e.getKey() >= low && e.getKey() <= high)
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                in.report(
                    ruleId,
                    r.logicalId(),
                    world,
                    r.logicalId()
                        + " allows ingress from "
                        + from
                        + " to port "
                        + e.getKey()
                        + " ("
                        + e.getValue()
                        + "): restrict the source to known addresses or a security group"
                        + (ruleId.equals("FB-EC2-001")
                            ? ", or use Systems Manager Session Manager instead"
                            : "")));
  }

  private static void listenerV2(Inspection in, ResourceDefinition<?> r) {
    for (At protocol : in.property(r, "Protocol")) {
      if (!"HTTP".equals(Inspection.text(protocol))) {
        continue;
      }
      boolean redirects = false;
      for (At action : in.items(in.property(r, "DefaultActions"))) {
        List<At> a = List.of(action);
        boolean redirect =
            in.get(a, "Type").stream().anyMatch(t -> "redirect".equals(Inspection.text(t)));
        boolean toHttps =
            in.get(in.get(a, "RedirectConfig"), "Protocol").stream()
                .anyMatch(t -> "HTTPS".equals(Inspection.text(t)) || !t.known());
        redirects |= redirect && toHttps;
      }
      if (!redirects) {
        in.report(
            "FB-ELB-001",
            r.logicalId(),
            protocol,
            r.logicalId()
                + " serves plain HTTP: use Protocol: HTTPS with a certificate, or make this"
                + " listener's default action a redirect to HTTPS");
      }
    }
  }

  private static void restMethod(Inspection in, ResourceDefinition<?> r) {
    boolean options =
        in.property(r, "HttpMethod").stream()
            .allMatch(m -> "OPTIONS".equalsIgnoreCase(Inspection.text(m)));
    boolean apiKey =
        in.property(r, "ApiKeyRequired").stream().allMatch(k -> !Inspection.notTrue(k));
    if (options || apiKey) {
      return; // CORS preflight carries no credentials; an API key is a (weak) gate
    }
    for (At auth : in.property(r, "AuthorizationType")) {
      if (auth.absent() || "NONE".equalsIgnoreCase(Inspection.text(auth))) {
        in.report(
            "FB-APIGW-001",
            r.logicalId(),
            auth,
            r.logicalId()
                + " accepts calls from anyone (AuthorizationType "
                + (auth.absent() ? "unset, which means NONE" : "NONE")
                + "): use AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer");
      }
    }
  }

  private static void httpRoute(Inspection in, ResourceDefinition<?> r) {
    // Of WebSocket's $-routes only $connect can carry authorization; $default may be either kind.
    boolean exempt =
        in.property(r, "RouteKey").stream()
            .map(Inspection::text)
            .allMatch(
                k ->
                    k == null
                        || k.startsWith("OPTIONS ")
                        || k.startsWith("$") && !k.equals("$connect"));
    if (exempt) {
      return;
    }
    for (At auth : in.property(r, "AuthorizationType")) {
      if (auth.absent() || "NONE".equalsIgnoreCase(Inspection.text(auth))) {
        in.report(
            "FB-APIGW-001",
            r.logicalId(),
            auth,
            r.logicalId()
                + " accepts calls from anyone (AuthorizationType "
                + (auth.absent() ? "unset, which means NONE" : "NONE")
                + "): use AWS_IAM, JWT or CUSTOM with an authorizer");
      }
    }
  }
}

#!/usr/bin/env python3
"""Derives fogbank's compact resource-schema data from cfn-lint's bundled provider schemas.

Usage (from the repository root; Python 3.11, standard library only, cfn-lint installed):

    python3 scripts/lib/extract-cfn-schemas.py [OUTPUT_DIR]

OUTPUT_DIR defaults to shared/src/main/resources/dev/fogbank/shared/template/schema.
The script replaces every *.txt file there; the output is byte-identical on every run for the
same cfn-lint version (sorted keys, no timestamps). After running it, regenerate the typed
resource classes (see ResourceClassGenerator) and commit both.

cfn-lint's files are read, not imported: cfn-lint's own package is not needed on the path, only
its data (providers/us_east_1.py maps each type to a schema file under resources/) and the GetAtt
rules in schema/_getatts.py.

Output format (read by dev.fogbank.shared.template.schema.SchemaFile):

  index.txt      '#' comment lines (source and version), then every resource type, sorted.
  <Vendor>_<Service>.txt (e.g. AWS_S3.txt), one per service, its types in sorted order:
      type AWS::S3::Bucket
      attrs Arn DomainName ...          Fn::GetAtt attributes (dotted paths)
      readonly Arn ...                  top-level read-only properties (attributes only)
      createonly BucketName ...         changing these replaces the resource (dotted paths)
      shape <Name> <prop>...            object shapes; the first is the resource's Properties
  A prop is Name=TYPE, prefixed with '!' when required; '*=TYPE' types any other key (maps from
  patternProperties/additionalProperties). TYPE is s (string), i (integer), n (number),
  b (boolean), * (anything), [TYPE] (list), {TYPE} (map with string keys), @N (shape N of the
  same type, counted from 0), or alternatives joined by '|'.
"""
import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import sys

# Not a resource type: cfn-lint's stand-in for CloudFormation modules.
SKIPPED_TYPES = {"Module"}
NAME = re.compile(r"^[A-Za-z0-9_]+$")
SCALARS = {"string": "s", "integer": "i", "number": "n", "boolean": "b"}
ORDER = {"s": 0, "i": 1, "n": 2, "b": 3, "[": 4, "{": 5, "@": 6, "*": 7}


def cfnlint_dir():
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cfn-lint is not installed (pip install cfn-lint)")
    return spec.submodule_search_locations[0]


def literal_assignments(path, names):
    """The values of top-level NAME = <literal> (or NAME: T = <literal>) statements."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            found[target.id] = ast.literal_eval(value)
    missing = set(names) - set(found)
    if missing:
        sys.exit(f"{path}: cannot find {sorted(missing)}; has cfn-lint's layout changed?")
    return found


class TypeExtractor:
    """Turns one provider schema into shapes and TYPE expressions."""

    def __init__(self, type_name, schema):
        self.type_name = type_name
        self.schema = schema
        self.shapes = []  # [name, {prop: type}, set(required), extra type or None]
        self.memo = {}
        self.in_progress = set()

    def resolve(self, node):
        name = None
        hops = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                sys.exit(f"{self.type_name}: unsupported $ref {ref}")
            target = self.schema
            for part in ref[2:].split("/"):
                target = target[part]
            name = ref.rsplit("/", 1)[-1]
            node = target
            hops += 1
            if hops > 50:
                sys.exit(f"{self.type_name}: $ref loop at {ref}")
        return node, name

    def fragments(self, nodes):
        """Every schema fragment that applies to a value: the nodes, their $ref targets and
        oneOf/anyOf/allOf alternatives. Each is (node, definition name, universal), universal
        being false inside oneOf/anyOf (their 'required' lists are alternatives)."""
        out, seen = [], set()

        def walk(node, universal):
            node, name = self.resolve(node)
            if not isinstance(node, dict) or id(node) in seen:
                return
            seen.add(id(node))
            out.append((node, name, universal))
            for key in ("oneOf", "anyOf"):
                for alt in node.get(key, []):
                    walk(alt, False)
            for alt in node.get("allOf", []):
                walk(alt, universal)

        for n in nodes:
            walk(n, True)
        return out

    def type_of(self, nodes, context_name):
        frags = self.fragments(nodes)
        key = tuple(id(f[0]) for f in frags)
        if key in self.memo:
            return self.memo[key]
        if key in self.in_progress:
            return "*"  # a list or map of itself with no shape in between: rare, left open
        kinds = set()
        for node, _, _ in frags:
            declared = node.get("type")
            if declared is not None:
                kinds.update(declared if isinstance(declared, list) else [declared])
            if "properties" in node or "patternProperties" in node:
                kinds.add("object")
            if "items" in node:
                kinds.add("array")
        kinds.discard("null")
        if not kinds:
            self.memo[key] = "*"
            return "*"
        unknown = kinds - set(SCALARS) - {"object", "array"}
        if unknown:
            sys.exit(f"{self.type_name}: unknown JSON type {sorted(unknown)}")
        parts = [SCALARS[k] for k in SCALARS if k in kinds]
        self.in_progress.add(key)
        try:
            if "object" in kinds:
                parts.append(self.object_type(frags, key, parts, context_name))
            if "array" in kinds:
                items = []
                for node, _, _ in frags:
                    it = node.get("items")
                    if isinstance(it, list):
                        items.extend(it)
                    elif isinstance(it, dict):
                        items.append(it)
                parts.append("[" + (self.type_of(items, context_name) if items else "*") + "]")
        finally:
            self.in_progress.discard(key)
        result = union(parts)
        self.memo[key] = result
        return result

    def object_type(self, frags, key, scalar_parts, context_name):
        props, required, extras = {}, set(), []
        open_object = False
        says_additional = False
        for node, _, universal in frags:
            for name, sub in node.get("properties", {}).items():
                props.setdefault(name, []).append(sub)
            if universal:
                required.update(node.get("required", []))
            for sub in node.get("patternProperties", {}).values():
                extras.append(sub)
            additional = node.get("additionalProperties")
            if additional is not None:
                says_additional = True
            if additional is True:
                open_object = True
            elif isinstance(additional, dict):
                extras.append(additional)
        if not says_additional and not extras:
            open_object = True  # JSON Schema's default: other keys are allowed
        if not props:
            if open_object:
                return "{*}"
            return "{" + self.type_of(extras, context_name) + "}" if extras else "{*}"
        name = next((n for _, n, _ in frags if n), context_name)
        index = len(self.shapes)
        shape = [name, {}, set(), None]
        self.shapes.append(shape)
        # Recursive definitions refer back to this shape while it is being filled.
        self.memo[key] = union(scalar_parts + [f"@{index}"])
        for prop in sorted(props):
            if not NAME.match(prop):
                sys.exit(f"{self.type_name}: property name {prop!r} needs a format change")
            shape[1][prop] = self.type_of(props[prop], prop)
        shape[2] = {r for r in required if r in shape[1]}
        if open_object:
            shape[3] = "*"
        elif extras:
            shape[3] = self.type_of(extras, name)
        return f"@{index}"


def union(parts):
    unique = sorted(set(parts), key=lambda p: (ORDER[p[0]], p))
    if "*" in unique:
        return "*"
    return "|".join(unique)


def pointer_to_path(pointer):
    parts = pointer.split("/")
    if parts[:2] != ["", "properties"] or len(parts) < 3:
        return None
    return ".".join(parts[2:])


def getatt_paths(extractor, getatts):
    """Fn::GetAtt attributes the way cfn-lint's schema/_getatts.py lists them."""
    type_name, schema = extractor.type_name, extractor.schema
    attrs = set()
    if type_name in getatts["_all_property_types"]:
        # These types also return (non-list-of-object) properties through Fn::GetAtt.
        def walk(node, path, depth):
            node, _ = extractor.resolve(node)
            types = node.get("type")
            types = types if isinstance(types, list) else [types]
            if "object" in types and depth < 10:
                for prop, sub in node.get("properties", {}).items():
                    walk(sub, path + [prop], depth + 1)
            elif "array" in types:
                items, _ = extractor.resolve(node.get("items", {}))
                if items.get("type") not in ("object", "array"):
                    attrs.add(".".join(path))
            else:
                attrs.add(".".join(path))

        for prop, sub in schema.get("properties", {}).items():
            walk(sub, [prop], 1)
        return attrs
    attrs.update(getatts["_exceptions"].get(type_name, []))
    if type_name == "AWS::CloudFormation::Stack":
        return {"Outputs.*"}
    for pointer in schema.get("readOnlyProperties", []):
        path = pointer_to_path(pointer)
        if path is None or "*" in path.split("."):
            continue
        if type_name == "AWS::ServiceCatalog::CloudFormationProvisionedProduct" and path == "Outputs":
            path = "Outputs.*"
        attrs.add(path)
    return attrs


def extract_type(type_name, schema, getatts):
    ex = TypeExtractor(type_name, schema)
    root = {k: schema[k] for k in ("properties", "patternProperties", "additionalProperties")
            if k in schema}
    root["type"] = "object"
    read_only = set()
    for pointer in schema.get("readOnlyProperties", []):
        path = pointer_to_path(pointer)
        if path and "." not in path and path not in schema.get("required", []):
            read_only.add(path)
    writable = {k: v for k, v in schema.get("properties", {}).items() if k not in read_only}
    root["properties"] = writable
    root["required"] = schema.get("required", [])
    for key in ("oneOf", "anyOf", "allOf"):
        if key in schema:
            root[key] = schema[key]
    top = ex.type_of([root], type_name.rsplit("::", 1)[-1])
    if not ex.shapes or top != "@0":
        # A type with no properties at all still gets an (empty, closed) root shape.
        ex.shapes.insert(0, [type_name.rsplit("::", 1)[-1], {}, set(), None])
        if top != "{*}":
            sys.exit(f"{type_name}: unexpected root type {top}")
        if schema.get("additionalProperties") is not False:
            ex.shapes[0][3] = "*"
    create_only = sorted(
        p for p in (pointer_to_path(c) for c in schema.get("createOnlyProperties", [])) if p)
    lines = [f"type {type_name}"]
    for label, values in (
        ("attrs", sorted(getatt_paths(ex, getatts))),
        ("readonly", sorted(read_only)),
        ("createonly", create_only),
    ):
        if values:
            lines.append(label + " " + " ".join(values))
    if type_name == "AWS::CloudFormation::CustomResource":
        # The schema leaves out booleans, but CloudFormation passes any value (as strings) on.
        ex.shapes[0][3] = "*"
    for name, props, required, extra in ex.shapes:
        tokens = ["shape", name]
        for prop, typ in props.items():
            tokens.append(("!" if prop in required else "") + prop + "=" + typ)
        if extra is not None:
            tokens.append("*=" + extra)
        lines.append(" ".join(tokens))
    for line in lines:
        if any(c.isspace() for c in line.replace(" ", "")):
            sys.exit(f"{type_name}: whitespace inside a token: {line[:80]}")
    return lines, sum(len(p) for _, p, _, _ in ex.shapes)


def service_of(type_name):
    parts = type_name.split("::")
    return "_".join(parts[:-1])


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        "shared", "src", "main", "resources", "dev", "fogbank", "shared", "template",
        "schema")
    base = cfnlint_dir()
    version = importlib.metadata.version("cfn-lint")
    types = literal_assignments(
        os.path.join(base, "data", "schemas", "providers", "us_east_1.py"), ["types"])["types"]
    getatts = literal_assignments(
        os.path.join(base, "schema", "_getatts.py"), ["_all_property_types", "_exceptions"])
    header = (f"# fogbank resource schemas: derived from cfn-lint {version} (us-east-1 provider"
              " schemas) by scripts/lib/extract-cfn-schemas.py; do not edit")
    services, names, property_count = {}, [], 0
    for type_name in sorted(types):
        if type_name in SKIPPED_TYPES:
            continue
        path = os.path.join(base, "data", "schemas", "resources", types[type_name] + ".json")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        lines, count = extract_type(type_name, schema, getatts)
        property_count += count
        services.setdefault(service_of(type_name), []).extend(lines)
        names.append(type_name)
    lower = {}
    for service in services:
        if service.lower() in lower:
            sys.exit(f"services {service} and {lower[service.lower()]} differ only in case")
        lower[service.lower()] = service
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if old.endswith(".txt"):
            os.remove(os.path.join(out_dir, old))
    write(os.path.join(out_dir, "index.txt"), [header, f"# cfn-lint {version}"] + names)
    for service, lines in sorted(services.items()):
        write(os.path.join(out_dir, service + ".txt"), [header] + lines)
    total = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    print(f"{len(names)} types, {property_count} object properties, {len(services)} service"
          f" files, {total} bytes in {out_dir}", file=sys.stderr)


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What a state hands on: its output and the next state's name (null when the graph ends). */
record Step(JsonNode output, String next) {}

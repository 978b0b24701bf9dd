"""The three ways in (HTTP JSON, InfluxDB line protocol, MQTT) and the one path they share."""

"""The situation room: live KPI tiles, map layers and alerts per region and for the province."""

"""The analyst's web page: static HTML, JS, CSS, vendored Leaflet and the basemap."""

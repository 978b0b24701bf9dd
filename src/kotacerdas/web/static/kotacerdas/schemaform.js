/* Configuration forms (kotacerdas/schemaform): lists that grow and shrink.
 *
 * Works under a strict Content-Security-Policy: no inline code, no innerHTML; rows are
 * cloned from <template data-sf-template> and their row number placeholder (__N<depth>__)
 * replaced in attributes only. Without this script the form still works: each list shows a
 * blank extra row and a "remove" checkbox per row, both understood by the server.
 */
(function () {
  "use strict";

  var ATTRS = ["name", "id", "for", "aria-describedby", "aria-labelledby"];

  function renumber(root, placeholder, index) {
    var walk = function (node) {
      if (node.nodeType === 1) {
        ATTRS.forEach(function (attr) {
          var value = node.getAttribute(attr);
          if (value !== null && value.indexOf(placeholder) !== -1) {
            node.setAttribute(attr, value.split(placeholder).join(String(index)));
          }
        });
        if (node.tagName === "TEMPLATE") {
          walk(node.content);
        }
      }
      Array.prototype.forEach.call(node.childNodes, walk);
    };
    walk(root);
  }

  function ownRows(list) {
    var box = list.querySelector(":scope > [data-sf-rows]");
    return box ? Array.prototype.filter.call(box.children, function (el) {
      return el.hasAttribute("data-sf-row");
    }) : [];
  }

  function refresh(list) {
    var rows = ownRows(list);
    var max = list.hasAttribute("data-sf-max") ? Number(list.getAttribute("data-sf-max")) : Infinity;
    var min = Number(list.getAttribute("data-sf-min") || "0");
    var add = list.querySelector(":scope > [data-sf-add]");
    if (add) {
      add.disabled = rows.length >= max;
    }
    rows.forEach(function (row) {
      var remove = row.querySelector(":scope > .sf-remove-box > [data-sf-remove]");
      if (remove) {
        remove.disabled = rows.length <= min;
      }
    });
  }

  function enhance(scope) {
    scope.querySelectorAll("[data-sf-extra]").forEach(function (row) {
      row.remove();
    });
    scope.querySelectorAll("[data-sf-delete]").forEach(function (label) {
      var box = label.querySelector("input");
      if (box) {
        box.checked = false;
        box.disabled = true;
      }
      label.hidden = true;
    });
    scope.querySelectorAll("[data-sf-remove], [data-sf-add]").forEach(function (button) {
      button.hidden = false;
    });
    scope.querySelectorAll("[data-sf-list]").forEach(refresh);
  }

  function addRow(list) {
    var template = list.querySelector(":scope > template[data-sf-template]");
    var box = list.querySelector(":scope > [data-sf-rows]");
    if (!template || !box) {
      return;
    }
    var index = Number(list.getAttribute("data-sf-next") || "0");
    list.setAttribute("data-sf-next", String(index + 1));
    var fragment = template.content.cloneNode(true);
    renumber(fragment, list.getAttribute("data-sf-placeholder"), index);
    var row = fragment.firstElementChild;
    box.appendChild(fragment);
    if (row) {
      enhance(row);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
    }
    refresh(list);
  }

  function removeRow(button) {
    var row = button.closest("[data-sf-row]");
    var list = row ? row.closest("[data-sf-list]") : null;
    if (!row || !list) {
      return;
    }
    row.remove();
    refresh(list);
    var add = list.querySelector(":scope > [data-sf-add]");
    if (add) {
      add.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var add = target.closest("[data-sf-add]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-sf-list]"));
      return;
    }
    var remove = target.closest("[data-sf-remove]");
    if (remove) {
      event.preventDefault();
      removeRow(remove);
    }
  });

  function start() {
    document.querySelectorAll("[data-sf-form]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Demo shop for the Nudge SDK: catalog, product pages, cart, checkout, courses and an account page.
// Events use the names the seed journeys listen for (examples/journeys).
(function () {
  "use strict";
  var PRODUCTS = [
    { id: "p-42", name: "Trail shoes", category: "shoes", price: 89 },
    { id: "p-7", name: "Rain jacket", category: "jackets", price: 129 },
    { id: "p-13", name: "Day pack 20 L", category: "bags", price: 59 },
    { id: "p-21", name: "Merino socks", category: "socks", price: 15 },
  ];
  var COURSES = [
    { id: "intro-sql", title: "Intro to SQL", lessons: 3, price: 49 },
    { id: "map-reading", title: "Map reading for hikers", lessons: 2, price: 0 },
  ];
  var app = document.getElementById("app");
  var nudge = window.nudge;

  function cart() { try { return JSON.parse(localStorage.getItem("shop-cart") || "[]"); } catch (e) { return []; } }
  function saveCart(items) {
    localStorage.setItem("shop-cart", JSON.stringify(items));
    document.getElementById("cart-count").textContent = String(items.length);
    // The cart-abandonment journey checks this trait when its wait times out.
    nudge.identify(null, { cart_items: items.length });
  }
  function product(id) { return PRODUCTS.filter(function (p) { return p.id === id; })[0]; }
  function course(id) { return COURSES.filter(function (c) { return c.id === id; })[0]; }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function props(p) { return { product_id: p.id, name: p.name, category: p.category, price: p.price }; }

  var views = {
    catalog: function () {
      nudge.track("Product List Viewed", { category: "all" });
      return "<h1>Outdoor gear</h1><div class='grid'>" + PRODUCTS.map(function (p) {
        return "<div class='card'><h3><a href='?product=" + p.id + "' data-nav>" + esc(p.name) + "</a></h3><p class='price'>" + p.price + " EUR</p>" +
          "<button data-add='" + p.id + "'>Add to cart</button></div>";
      }).join("") + "</div>";
    },
    product: function (q) {
      var p = product(q.get("product"));
      if (!p) return "<p>No such product.</p>";
      nudge.track("Product Viewed", props(p));
      return "<h1>" + esc(p.name) + "</h1><p class='price'>" + p.price + " EUR</p><p>Category: " + esc(p.category) + "</p>" +
        "<button data-add='" + p.id + "' id='add'>Add to cart</button> <a href='?view=cart' data-nav>Go to cart</a>";
    },
    cart: function () {
      var items = cart();
      if (!items.length) return "<h1>Your cart</h1><p>Empty. <a href='?' data-nav>Keep shopping</a></p>";
      var total = items.reduce(function (s, id) { return s + product(id).price; }, 0);
      return "<h1>Your cart</h1><table>" + items.map(function (id, i) {
        return "<tr><td>" + esc(product(id).name) + "</td><td>" + product(id).price + " EUR</td><td><button class='secondary' data-remove='" + i + "'>Remove</button></td></tr>";
      }).join("") + "</table><p class='price'>Total " + total + " EUR</p><a href='?view=checkout' data-nav><button id='to-checkout'>Checkout</button></a>";
    },
    checkout: function () {
      var items = cart();
      if (!items.length) return "<h1>Checkout</h1><p>Your cart is empty.</p>";
      return "<h1>Checkout</h1><label>E-mail <input id='email' type='email' value='ada@example.com'></label><button id='pay'>Pay now</button>";
    },
    done: function (q) {
      return "<h1>Thank you!</h1><p>Order " + esc(q.get("order") || "") + " is on its way.</p><p><a href='?view=courses' data-nav>Learn something new</a></p>";
    },
    courses: function () {
      return "<h1>Courses</h1><div class='grid'>" + COURSES.map(function (c) {
        return "<div class='card'><h3><a href='?course=" + c.id + "' data-nav>" + esc(c.title) + "</a></h3><p>" + c.lessons + " lessons · " + (c.price ? c.price + " EUR" : "free") + "</p></div>";
      }).join("") + "</div>";
    },
    course: function (q) {
      var c = course(q.get("course"));
      if (!c) return "<p>No such course.</p>";
      nudge.track("Course Viewed", { course_id: c.id, title: c.title });
      var lessons = "";
      for (var i = 1; i <= c.lessons; i++) lessons += "<button class='secondary' data-lesson='" + i + "' data-course='" + c.id + "'>Complete lesson " + i + "</button>";
      return "<h1>" + esc(c.title) + "</h1><button id='start-course' data-start='" + c.id + "'>Start course</button><div>" + lessons + "</div>";
    },
    account: function () {
      var u = nudge.user ? nudge.user() : { traits: {} };
      return "<h1>Account</h1>" +
        (u.userId ? "<p>Signed in as <b>" + esc(u.userId) + "</b>. <button class='secondary' id='logout'>Log out</button></p>"
          : "<label>User id <input id='user-id' value='ada'></label><button id='login'>Log in</button>") +
        "<h2>Stay in touch</h2><button id='push'>Turn on notifications</button> <button id='geo' class='secondary'>Offers near me</button>" +
        "<p class='note' id='status'></p>" +
        "<h2>Plans</h2><button id='trial'>Start free trial</button> <button id='subscribe' class='secondary'>Pay subscription</button>" +
        "<h2>Newsletter</h2><button id='newsletter' class='secondary'>Subscribe</button> <a href='#' id='app-download'>Get the app</a>";
    },
  };

  function render() {
    var q = new URLSearchParams(location.search);
    var name = q.get("product") ? "product" : q.get("course") ? "course" : q.get("view") || "catalog";
    app.innerHTML = (views[name] || views.catalog)(q);
    document.getElementById("cart-count").textContent = String(cart().length);
  }

  function go(href) { history.pushState(null, "", href); render(); }
  function status(text) { var el = document.getElementById("status"); if (el) el.textContent = text; }

  document.addEventListener("click", function (e) {
    var t = e.target.closest("a[data-nav], button, a#app-download");
    if (!t) return;
    if (t.matches("a[data-nav]")) { e.preventDefault(); return go(t.getAttribute("href")); }
    var id = t.id;
    if (t.dataset.add) {
      var p = product(t.dataset.add); var items = cart().concat(p.id);
      saveCart(items);
      nudge.track("Added To Cart", Object.assign(props(p), { cart_items: items.length }));
    } else if (t.dataset.remove) {
      var rest = cart(); rest.splice(Number(t.dataset.remove), 1); saveCart(rest); render();
    } else if (id === "pay") {
      var order = "o-" + Date.now().toString(36);
      var total = cart().reduce(function (s, pid) { return s + product(pid).price; }, 0);
      nudge.identify(null, { email: document.getElementById("email").value });
      nudge.track("Order Completed", { order_id: order, total: total, currency: "EUR", products: cart().map(function (pid) { return props(product(pid)); }) });
      saveCart([]);
      go("?view=done&order=" + order);
    } else if (t.dataset.start) {
      nudge.track("Course Started", { course_id: t.dataset.start, title: course(t.dataset.start).title });
    } else if (t.dataset.lesson) {
      var c = course(t.dataset.course);
      nudge.track("Lesson Completed", { course_id: c.id, lesson: Number(t.dataset.lesson) });
      if (Number(t.dataset.lesson) === c.lessons) nudge.track("Course Completed", { course_id: c.id, title: c.title });
    } else if (id === "login") {
      var uid = document.getElementById("user-id").value.trim();
      if (uid) nudge.identify(uid, { email: uid + "@example.com", first_name: uid }).then(function () { nudge.track("Logged In"); render(); });
    } else if (id === "logout") {
      nudge.reset().then(render);
    } else if (id === "push") {
      nudge.push.optIn().then(function (r) { status("Notifications: " + r); }, function (err) { status("Notifications failed: " + err.message); });
    } else if (id === "geo") {
      nudge.geofence.start().then(function (r) { status("Location: " + r); }, function (err) { status("Location failed: " + err.message); });
    } else if (id === "trial") {
      nudge.track("Trial Started", { plan: "premium" });
    } else if (id === "subscribe") {
      nudge.track("Subscription Payment Completed", { plan: "premium", amount: 19 });
    } else if (id === "newsletter") {
      nudge.track("Form Submitted", { form: "newsletter" });
    } else if (id === "app-download") {
      e.preventDefault();
      nudge.track("App Downloaded", { platform: "android" });
    }
  });
  addEventListener("popstate", render);
  render();
})();

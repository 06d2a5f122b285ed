// fogbank console: small enhancements only; every page works without this file.
// The deploy form's file chooser (hidden without JavaScript) reads the file into the textarea,
// so the form still posts plain text and the server sees exactly what POST /deployments gets.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("#deploy-file").forEach(function (input) {
    var target = document.getElementById("deploy-template");
    input.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !target) {
        return;
      }
      file.text().then(function (text) {
        target.value = text;
      });
    });
  });
});

// After django-otp-webauthn registered a passkey (the session is then verified with it), go on through
// fiit's /account/passkeys/done/ page, which audits the sign-in and renews the session id.
// Sign-in with a passkey needs nothing here: the library follows the hidden #passkey-next field.
(function () {
  "use strict";
  document.addEventListener("otp_webauthn.register_complete", function () {
    var target = document.getElementById("passkey-next");
    if (target && target.value) {
      window.location.assign(target.value);
    }
  });
})();

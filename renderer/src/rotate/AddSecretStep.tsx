// Step 1: add a second Shared Secret in Acumatica. The old one keeps the connection running until
// the new one has been proven, which is what makes the rotation free of downtime.
import { inArticle } from '../setup/article.ts';

export function AddSecretStep({ onNext }: { onNext: () => void }) {
  return (
    <>
      <p>Acumatica lets a Connected Application hold several Shared Secrets at once. Add the new one first:</p>
      <ol className="steps-list">
        <li>
          In Acumatica, open <strong>Integration › Connected Applications</strong> and select the DropStream application (the
          same Client ID the connector uses).
        </li>
        <li>
          On the <strong>Secrets</strong> tab, click <strong>Add Shared Secret</strong>, enter a Description such as
          “DropStream” and an Expires On date (one to two years out, or blank for never).
        </li>
        <li>
          <strong>Copy the Value now.</strong> Acumatica shows it only once; if you lose it, add another Shared Secret.
        </li>
        <li>Click OK and save the application.</li>
      </ol>
      <p className="alert alert-warn">
        Leave the old Shared Secret in place for now. The connector keeps running on it until the new one has been verified; you
        remove it at the last step.
      </p>
      <p className="field-help">The steps are those of {inArticle('secret')} and {inArticle('expiry')}.</p>
      <div className="button-row">
        <button type="button" className="button-primary" onClick={onNext}>
          I have copied the new value
        </button>
      </div>
    </>
  );
}
